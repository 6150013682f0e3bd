#!/usr/bin/python3
"""Runs the examples of Markdown docs as written: the doc test (ctest `doc: FILE`).

Usage: run_doc_examples.py --source-dir SRC --build-dir BUILD [--paths N] [--timeout S]
                           [--keep] DOC.md...

Which blocks run (fenced blocks only; a doc's blocks run in order, in one scratch directory):
- ```sh, ```bash, ```shell: the block is a script, run by `bash -e -o pipefail`.
- ```console: a transcript; its `$ ` lines (with their `\\` continuation lines) run as a script,
  the other lines are output and are not compared (numbers depend on the machine and on the
  substituted path counts below).
- ```python: run by /usr/bin/python3 (Debian's: h5py, xarray, h5netcdf, matplotlib). A doc's
  Python blocks share one interpreter session, as if typed one after the other, so a block may
  use what an earlier one imported or defined.
- Anything else (```toml, ```cpp, ```text, untagged) is not run. An untagged or indented block
  whose first line looks like a command (`$ `, `capexsim run`, `build/bin/...`, `scripts/...`,
  `mpirun`, `cmake`, ...) is an error: tag it ```sh (or ```console), or ```text if it is output.

Markers: an HTML comment on the last non-blank line before a block:
- `<!-- doc-test: skip (REASON) -->`: the block is not run; the test lists it with REASON. For
  blocks that cannot run here: a cluster, root, minutes of work, a build of its own.
- `<!-- doc-test: file NAME -->` before a ```toml (or any) block: the block's text is written to
  NAME in the scratch directory when the doc reaches it, for the commands after it.
A comment `<!-- doc-test: setup (REASON)` whose following lines up to `-->` are shell commands
runs them at that point, hidden from readers: for a file that a skipped block (scripts/run)
would have made.

The scratch directory (a temporary directory, removed afterwards unless the doc failed or
--keep) links every top-level entry of the source tree, so `scripts/...`, `docs/...` and
`scenarios/data/...` work as in the repository root, except: `build` links the build under
test (build/bin is also first on PATH, so a bare `capexsim` is that build's), `scenarios/` is
a copy, and nothing links `results/`: whatever a block writes lands in the scratch directory.

Path counts: `--paths N` on a command line, `--n N` (Sobol' base rows) and `paths = N` in the
copied scenario and sweep files and in `file` blocks are lowered to --paths (default: the
environment's CAPEXSIM_DOC_PATHS, else 2000), so the docs keep their real counts and the test
stays quick. Each block gets --timeout seconds (default: CAPEXSIM_DOC_TIMEOUT, else 60; a
slow build, e.g. under sanitizers, may need more).
"""
import argparse
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

FENCE = re.compile(r"^(\s{0,3})(```+)\s*([\w+-]*)[^`]*$")
MARKER = re.compile(r"^<!--\s*doc-test:\s*(skip|file|setup)\b\s*(.*?)\s*(-->)?\s*$")
SHELL_TAGS = {"sh", "bash", "shell"}
COMMAND_START = re.compile(
    r"^(\$\s"
    r"|(\./|/usr/bin/|build[\w-]*/bin/|scripts/)\S"
    r"|(capexsim|mpirun|mpiexec|srun|sbatch|cmake|ctest|apt-get|sudo|prlimit|export|cd|"
    r"python3?|ulimit)\s+[^\s:]+(\s|$))")


class Block:
    def __init__(self, doc, line, kind, text, marker=None, arg=""):
        self.doc, self.line, self.kind, self.text = doc, line, kind, text
        self.marker, self.arg = marker, arg

    def where(self):
        return f"{self.doc}:{self.line}"


def parse(doc, lines):
    """The doc's blocks in order, with their markers; errors for unmarked command-like text."""
    blocks, errors = [], []
    i, marker, prev_blank = 0, None, True
    while i < len(lines):
        line = lines[i]
        m = MARKER.match(line.strip())
        if m and m.group(1) == "setup":
            body, j = [], i + 1
            while j < len(lines) and lines[j].strip() != "-->":
                body.append(lines[j])
                j += 1
            blocks.append(Block(doc, i + 1, "sh", "\n".join(body) + "\n", "setup", m.group(2)))
            i, prev_blank = j + 1, False
            continue
        if m:
            marker = (m.group(1), m.group(2), i + 1)
            if m.group(1) == "skip" and not m.group(2).strip("()").strip():
                errors.append(f"{doc}:{i + 1}: a skip marker must say why: skip (REASON)")
            i += 1
            continue
        f = FENCE.match(line)
        if f:
            indent, ticks, tag = f.group(1), f.group(2), f.group(3).lower()
            body, j = [], i + 1
            while j < len(lines) and not lines[j].strip().startswith(ticks):
                body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
                j += 1
            text = "\n".join(body) + "\n"
            kind = ("sh" if tag in SHELL_TAGS else tag if tag in ("console", "python") else None)
            if marker and marker[0] == "file":
                blocks.append(Block(doc, i + 1, "file", text, "file", marker[1]))
            elif kind == "console" and not any(x.startswith("$ ") for x in body):
                errors.append(f"{doc}:{i + 1}: a ```console block without `$ ` lines: "
                              f"tag it ```text")
            elif kind:
                blocks.append(Block(doc, i + 1, kind, text, marker and marker[0],
                                    marker[1] if marker else ""))
            elif marker:
                errors.append(f"{doc}:{marker[2]}: a doc-test marker before a block that never "
                              f"runs (```{tag}); remove it")
            elif not tag and body and COMMAND_START.match(body[0]):
                errors.append(f"{doc}:{i + 1}: an untagged block of commands: tag it ```sh "
                              f"(```console for a transcript) or ```text if it is output")
            i, marker, prev_blank = j + 1, None, False
            continue
        if prev_blank and line.startswith("    ") and COMMAND_START.match(line[4:]):
            errors.append(f"{doc}:{i + 1}: an indented block of commands: fence it as ```sh")
        if line.strip():
            if marker and i + 1 > marker[2]:
                errors.append(f"{doc}:{marker[2]}: a doc-test marker not followed by a block")
                marker = None
        prev_blank = not line.strip()
        i += 1
    return blocks, errors


def console_commands(text):
    """The `$ ` lines of a transcript with their continuation lines."""
    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if lines[i].startswith("$ "):
            cmd = [lines[i][2:]]
            while cmd[-1].rstrip().endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd.append(lines[i])
            out.extend(cmd)
        i += 1
    return "\n".join(out) + "\n"


def lower_counts(text, small):
    """Path counts above `small` in command lines and TOML files lowered to `small`."""
    def cap(m):
        n = int(m.group(2).replace("_", ""))
        return m.group(1) + (str(small) if n > small else m.group(2))
    text = re.sub(r"(--(?:paths|n)[ =])(\d[\d_]*)\b", cap, text)
    return re.sub(r"(?m)^(\s*paths\s*=\s*)(\d[\d_]*)\b", cap, text)


def make_scratch(source, build, small):
    scratch = tempfile.mkdtemp(prefix="capexsim-doc-")
    for name in sorted(os.listdir(source)):
        if name in (".git", "results", "scenarios") or name.startswith("build"):
            continue
        os.symlink(os.path.join(source, name), os.path.join(scratch, name))
    os.symlink(build, os.path.join(scratch, "build"))
    for root, _, files in os.walk(os.path.join(source, "scenarios")):
        dest = os.path.join(scratch, os.path.relpath(root, source))
        os.makedirs(dest, exist_ok=True)
        for f in files:
            src = os.path.join(root, f)
            if f.endswith(".toml"):
                with open(src) as fin, open(os.path.join(dest, f), "w") as fout:
                    fout.write(lower_counts(fin.read(), small))
            else:
                os.symlink(src, os.path.join(dest, f))
    os.makedirs(os.path.join(scratch, ".doc-test", "tmp"))
    return scratch


PY_DRIVER = r"""
import os, sys, traceback
ctl = os.fdopen(os.dup(1), "w")
ns = {"__name__": "__main__"}
for req in sys.stdin:
    code_file, out_file = req.rstrip("\n").split("\t")
    out = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    sys.stdout.flush(); sys.stderr.flush()
    os.dup2(out, 1); os.dup2(out, 2)
    try:
        exec(compile(open(code_file).read(), code_file, "exec"), ns)
        status = "ok"
    except BaseException:
        traceback.print_exc()
        status = "failed"
    sys.stdout.flush(); sys.stderr.flush()
    os.close(out)
    ctl.write(status + "\n"); ctl.flush()
"""


class PythonSession:
    """One /usr/bin/python3 per doc: its Python blocks run one after the other in it."""
    def __init__(self, cwd, env):
        self.cwd, self.env, self.proc = cwd, env, None

    def run(self, code_file, out_file, timeout):
        if self.proc is None:
            self.proc = subprocess.Popen(["/usr/bin/python3", "-c", PY_DRIVER], cwd=self.cwd,
                                         env=self.env, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)
        self.proc.stdin.write(f"{code_file}\t{out_file}\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        status = self.proc.stdout.readline().strip() if ready else "timeout"
        if status != "ok":
            self.close()
        return status

    def close(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def run_shell(code, out, cwd, env, timeout):
    """Runs a block's script in its own process group, all of which a timeout kills; stdout
    to `out`, stderr to `out`.err (apart: programs buffer stdout, so merged, errors come first)."""
    with open(out, "w") as fout, open(out + ".err", "w") as ferr:
        proc = subprocess.Popen(["bash", "-e", "-o", "pipefail", code], cwd=cwd, env=env,
                                stdin=subprocess.DEVNULL, stdout=fout, stderr=ferr,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return "timeout"
    return "ok" if rc == 0 else f"exit {rc}"


def tail(path, limit=4000):
    if not os.path.exists(path):
        return ""
    with open(path, errors="replace") as f:
        text = f.read()
    return text if len(text) <= limit else "...\n" + text[-limit:]


class DocRun:
    """One doc's scratch directory, environment and Python session; runs its blocks."""
    def __init__(self, args):
        self.args = args
        self.scratch = make_scratch(args.source_dir, args.build_dir, args.paths)
        self.work = os.path.join(self.scratch, ".doc-test")
        self.env = dict(os.environ, MPLBACKEND="Agg", TMPDIR=os.path.join(self.work, "tmp"),
                        PATH=os.path.join(self.scratch, "build", "bin") + os.pathsep +
                        os.environ.get("PATH", ""), CAPEXSIM_DOC_PATHS=str(args.paths),
                        PYTHONDONTWRITEBYTECODE="1")  # no __pycache__ in the source's scripts/
        self.python = PythonSession(self.scratch, self.env)

    def write_file(self, b):
        name = b.arg.strip()
        with open(os.path.join(self.scratch, name), "w") as f:
            f.write(lower_counts(b.text, self.args.paths))
        print(f"file  {b.where()}: wrote {name}")

    def run(self, b):
        """Runs a shell, console or Python block; prints the outcome; True when it passed."""
        text = console_commands(b.text) if b.kind == "console" else b.text
        script = lower_counts(text, self.args.paths)
        code = os.path.join(self.work, f"block{b.line}.{'py' if b.kind == 'python' else 'sh'}")
        out = os.path.join(self.work, f"block{b.line}.out")
        with open(code, "w") as f:
            f.write(script)
        t0, limit = time.monotonic(), self.args.timeout
        if b.kind == "python":
            status = self.python.run(code, out, limit)
        else:
            status = run_shell(code, out, self.scratch, self.env, limit)
        what = "setup" if b.marker == "setup" else b.kind
        print(f"{'ok' if status == 'ok' else 'FAIL':5} {b.where()} ({what}) "
              f"{time.monotonic() - t0:.1f} s")
        if status != "ok":
            print(f"---- {b.where()}: {status} (limit {limit} s); as run, in {self.scratch}:\n"
                  f"{script}---- its stdout:\n{tail(out)}---- its stderr:\n"
                  f"{tail(out + '.err')}----")
        return status == "ok"


def run_doc(doc, args):
    with open(os.path.join(args.source_dir, doc)) as f:
        blocks, errors = parse(doc, f.read().splitlines())
    for e in errors:
        print(f"ERROR {e}")
    runner = DocRun(args)
    failed, ran, skipped, start = len(errors), 0, 0, time.monotonic()
    try:
        for b in blocks:
            if b.marker == "skip":
                skipped += 1
                print(f"skip  {b.where()} ({b.kind}): {b.arg.strip('()')}")
            elif failed:
                print(f"not run {b.where()}: an earlier block failed")
            elif b.kind == "file":
                runner.write_file(b)
            else:
                ran += 1
                failed += not runner.run(b)
    finally:
        runner.python.close()
    print(f"{doc}: {ran} blocks run, {skipped} skipped, {failed} failed, "
          f"{time.monotonic() - start:.1f} s")
    if failed == 0 and not args.keep:
        shutil.rmtree(runner.scratch)
    else:
        print(f"scratch directory kept: {runner.scratch}")
    return failed == 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source-dir", required=True)
    p.add_argument("--build-dir", required=True)
    p.add_argument("--paths", type=int,
                   default=int(os.environ.get("CAPEXSIM_DOC_PATHS", "2000")))
    p.add_argument("--timeout", type=float,
                   default=float(os.environ.get("CAPEXSIM_DOC_TIMEOUT", "60")))
    p.add_argument("--keep", action="store_true")
    p.add_argument("docs", nargs="+", help="paths relative to --source-dir")
    args = p.parse_args()
    args.source_dir = os.path.abspath(args.source_dir)
    args.build_dir = os.path.abspath(args.build_dir)
    ok = all([run_doc(d, args) for d in args.docs])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
