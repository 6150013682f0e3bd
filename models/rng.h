//! The one pseudo-random generator type of capexsim. Streams of it are seeded by sim/streams.h.
#pragma once

#include <boost/random/mersenne_twister.hpp>

namespace capexsim {

//! 64-bit Mersenne Twister (Matsumoto & Nishimura 1998), from Boost.Random.
using Rng = boost::random::mt19937_64;

}  // namespace capexsim
