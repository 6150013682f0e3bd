# -DCAPEXSIM_SANITIZE=address,undefined: build every project target (libraries, capexsim, tests)
# with those sanitizers (a comma list passed to -fsanitize=). Reports are fatal: no recovery, so
# a report fails the test that triggered it. scripts/sanitize uses it; docs/static-analysis.md.
set(CAPEXSIM_SANITIZE "" CACHE STRING
    "Comma-separated sanitizers for -fsanitize= (e.g. address,undefined); empty: none")
if(CAPEXSIM_SANITIZE)
  set(capexsim_sanitize_flags -fsanitize=${CAPEXSIM_SANITIZE} -fno-omit-frame-pointer
                              -fno-sanitize-recover=all)
  # Directory-wide, before the add_subdirectory calls: every target below gets them, compile
  # and link, including catch_main and the test executables.
  add_compile_options(${capexsim_sanitize_flags})
  add_link_options(${capexsim_sanitize_flags})
  # For the few tests that cannot run instrumented (a 1 GiB RLIMIT_AS: ASan's shadow memory
  # alone reserves terabytes of address space).
  add_compile_definitions(CAPEXSIM_SANITIZED=1)
  message(STATUS "capexsim: sanitizers ${CAPEXSIM_SANITIZE}")
endif()
