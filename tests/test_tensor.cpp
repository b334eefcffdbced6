// Tensor helpers.
#include "helpers.hpp"

using namespace tinynn;

TEST_CASE("from_rows, zeros, filled and shape_str", "[tensor]") {
  const Tensor t = from_rows({{1, 2, 3}, {4, 5, 6}});
  CHECK(shape_str(t) == "2x3");
  CHECK(t(1, 2) == 6.0);
  CHECK(t(0, 1) == 2.0);
  const Tensor z = zeros(3, 2);
  CHECK(shape_str(z) == "3x2");
  for (double v : z) CHECK(v == 0.0);
  const Tensor f = filled(2, 2, -1.5);
  for (double v : f) CHECK(v == -1.5);
  CHECK_THROWS_WITH(from_rows({{1, 2}, {3}}), Catch::Matchers::Contains("row 1 has 1"));
}
