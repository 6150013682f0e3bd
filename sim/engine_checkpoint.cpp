// Saving and restoring the engine's state; quantile sketches travel as their lengths and words.
#include "sim/engine_checkpoint.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

#include "models/errors.h"

namespace capexsim {
namespace {

//! Each sketch as its length and its words (QuantileSketch::to_words), in order.
std::vector<std::uint64_t> sketch_words(const std::vector<QuantileSketch>& sketches) {
  std::vector<std::uint64_t> out;
  for (const QuantileSketch& q : sketches) {
    const std::vector<std::uint64_t> words = q.to_words();
    out.push_back(words.size());
    out.insert(out.end(), words.begin(), words.end());
  }
  return out;
}

//! The sketches back from sketch_words; there must be `cells` of them.
std::vector<QuantileSketch> sketches_from_words(const std::vector<std::uint64_t>& w,
                                                std::size_t cells) {
  std::vector<QuantileSketch> sketches;
  for (std::size_t at = 0; at < w.size();) {
    const auto n = static_cast<std::size_t>(w[at++]);
    if (n > w.size() - at) throw InputError("the checkpoint's sketches are truncated");
    sketches.push_back(
        QuantileSketch::from_words({w.begin() + static_cast<std::ptrdiff_t>(at),
                                    w.begin() + static_cast<std::ptrdiff_t>(at + n)}));
    at += n;
  }
  if (sketches.size() != cells)
    throw InputError("the checkpoint has " + std::to_string(sketches.size()) +
                     " quantile sketches; this run needs " + std::to_string(cells));
  return sketches;
}

}  // namespace

EngineSnapshot EngineCheckpoint::layout(std::uint64_t blocks_done) const {
  EngineSnapshot s;
  s.blocks_done = blocks_done;
  s.paths_done = std::min<std::uint64_t>(opt_.paths, blocks_done * kBlockSize);
  const auto done = static_cast<std::size_t>(s.paths_done);
  sample_.add_to_snapshot(s, done);
  buffers_.add_to_snapshot(s, done);
  balance_.add_to_snapshot(s, done);
  return s;
}

void EngineCheckpoint::save(const Accumulator& acc, const LoopPosition& at,
                            const std::vector<ConvergencePoint>& convergence) const {
  EngineSnapshot s = layout(at.blocks_done);
  s.round_end = at.round_end;
  s.accumulator = acc.state();
  s.convergence = convergence;
  if (sketches_ != nullptr) {
    std::vector<QuantileSketch> all = sketches_->so_far();
    if (SurplusSketches* balance = balance_.sketches()) {
      std::vector<QuantileSketch> more = balance->so_far();
      all.insert(all.end(), std::make_move_iterator(more.begin()),
                 std::make_move_iterator(more.end()));
    }
    s.sketches = sketch_words(all);
  }
  opt_.save_checkpoint(s);
}

EngineCheckpoint::Resumed EngineCheckpoint::restore(
    Accumulator& acc, std::vector<ConvergencePoint>& convergence) const {
  EngineSnapshot s;
  opt_.resume(s);  // scalars first: the arrays' layout depends on the blocks done
  const std::uint64_t blocks = block_count(opt_.paths);
  if (s.blocks_done > blocks)
    throw InputError("the checkpoint has " + std::to_string(s.blocks_done) +
                     " blocks done; this run has only " + std::to_string(blocks));
  EngineSnapshot full = layout(s.blocks_done);
  full.round_end = s.round_end;
  opt_.resume(full);  // now with the arrays pointing into this run's buffers
  acc.restore(full.accumulator);
  convergence = full.convergence;
  if (sketches_ != nullptr) {
    SurplusSketches* balance = balance_.sketches();
    const std::size_t surplus = sketches_->cells();
    std::vector<QuantileSketch> all =
        sketches_from_words(full.sketches, surplus + (balance != nullptr ? balance->cells() : 0));
    if (balance != nullptr)
      balance->restore({std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(surplus)),
                        std::make_move_iterator(all.end())});
    all.resize(surplus);
    sketches_->restore(std::move(all));
  }
  return {{full.blocks_done, full.round_end}, full.paths_done};
}

}  // namespace capexsim
