//! The single-process cluster and the process-wide cluster pointer (sim/cluster.h).
#include "sim/cluster.h"

namespace capexsim {

std::vector<std::vector<std::byte>> Cluster::gather_to_root(std::span<const std::byte> mine) {
  return {std::vector<std::byte>(mine.begin(), mine.end())};
}

namespace {

Cluster& single_process() {
  static Cluster single;
  return single;
}

Cluster* installed = nullptr;

}  // namespace

Cluster& cluster() { return installed != nullptr ? *installed : single_process(); }

void set_cluster(Cluster* c) { installed = c; }

}  // namespace capexsim
