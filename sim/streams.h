//! Random streams belong to work items, never to threads: each (seed, block, company, parameter)
//! has its own generator, seeded from a hash of those four only (docs/engine.md).
#pragma once

#include <cstdint>
#include <string_view>

#include "models/rng.h"

namespace capexsim {

//! SplitMix64 finalizer (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

//! FNV-1a 64-bit hash of a name: streams are keyed by company name, so adding, removing or
//! reordering companies leaves every other company's draws unchanged.
constexpr std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

//! Stream id of one drawn parameter of one company.
constexpr std::uint64_t stream_id(std::string_view company, int param) {
  return splitmix64(fnv1a64(company) ^ splitmix64(static_cast<std::uint64_t>(param) + 1));
}

//! The seed of the generator for (run seed, block, stream).
constexpr std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t block, std::uint64_t stream) {
  return splitmix64(splitmix64(splitmix64(seed) ^ block) ^ stream);
}

inline Rng make_stream(std::uint64_t seed, std::uint64_t block, std::uint64_t stream) {
  return Rng(stream_seed(seed, block, stream));
}

}  // namespace capexsim
