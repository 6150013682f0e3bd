// The one money-unit factor: USD 1 billion = 10 x USD 100 million.
#include <catch2/catch.hpp>
#include <optional>

#include "models/units.h"

using namespace capexsim;

TEST_CASE("units per USD billion", "[units]") {
  CHECK(kUsd100MillionPerBillion == 10.0);
  CHECK(units_per_billion(kUsd100Million) == std::optional<double>(10.0));
  CHECK(units_per_billion("usd 100 MILLION") == std::optional<double>(10.0));
  CHECK(units_per_billion("USD billion") == std::optional<double>(1.0));
  CHECK(units_per_billion("USD Billions") == std::optional<double>(1.0));
  CHECK_FALSE(units_per_billion("EUR billion").has_value());
  CHECK_FALSE(units_per_billion("").has_value());
}
