#include "sim/draw_benchmark.h"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <vector>

#include "sim/block_streams.h"

namespace capexsim {

DrawBenchmarkResult run_draw_benchmark(const Scenario& scenario, const RunOptions& options) {
  const std::uint64_t blocks = (options.paths + kBlockSize - 1) / kBlockSize;
  std::vector<double> sums(blocks, 0.0);
  const std::size_t C = scenario.companies.size();
  const int T = scenario.year_count();
  std::uint64_t per_path = 0;
  for (const Company& c : scenario.companies)
    for (const ParamSpec& p : c.params)
      for (const Distribution& d : p.by_year) per_path += d.is_fixed() ? 0 : 1;

  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(std::uint64_t{0}, blocks, [&](std::uint64_t b) {
      BlockStreams streams(scenario, options.seed, b);
      const std::uint64_t n = std::min(kBlockSize, options.paths - b * kBlockSize);
      double s = 0;
      for (std::uint64_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < C; ++c)
          for (int t = 0; t < T; ++t)
            for (int p = 0; p < kParamCount; ++p) s += streams.draw(c, static_cast<Param>(p), t);
      sums[b] = s;
    });
  });
  DrawBenchmarkResult r;
  for (double s : sums) r.checksum += s;
  r.draws = per_path * options.paths;
  return r;
}

}  // namespace capexsim
