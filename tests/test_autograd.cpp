// The engine's contract: gradients accumulate over paths and over backward() calls on
// leaves, intermediate gradients reset, backward needs a 1×1 value, no-grad records nothing.
#include "helpers.hpp"

using namespace tinynn;

TEST_CASE("a value used twice receives the gradient of both uses", "[autograd]") {
  // y = x·x + x at x = 3: dy/dx = 2x + 1 = 7 (both factors of x·x and the + x path).
  const Var x = parameter(filled(1, 1, 3.0));
  const Var y = x * x + x;
  y.backward();
  CHECK(y.item() == 12.0);
  CHECK(x.grad()(0, 0) == 7.0);
}

TEST_CASE("leaf gradients accumulate across backward calls until zero_grad", "[autograd]") {
  const Var x = parameter(filled(1, 1, 2.0));
  const Var y = scale(x * x, 3.0);  // dy/dx = 6x = 12
  y.backward();
  CHECK(x.grad()(0, 0) == 12.0);
  y.backward();  // same graph again: leaf accumulates, intermediates are recomputed from zero
  CHECK(x.grad()(0, 0) == 24.0);
  x.zero_grad();
  CHECK(x.grad()(0, 0) == 0.0);
  y.backward();
  CHECK(x.grad()(0, 0) == 12.0);
}

TEST_CASE("intermediate gradients are reset at the start of every backward", "[autograd]") {
  const Var x = parameter(filled(1, 1, 1.5));
  const Var h = x * x;  // intermediate
  const Var y = scale(h, 2.0);
  y.backward();
  CHECK(h.grad()(0, 0) == 2.0);
  y.backward();
  CHECK(h.grad()(0, 0) == 2.0);  // not 4: a stale intermediate gradient would double here
  CHECK(x.grad()(0, 0) == 2 * (2.0 * 2 * 1.5));
}

TEST_CASE("backward on a non-scalar throws and names the shape", "[autograd]") {
  const Var x = parameter(zeros(2, 3));
  CHECK_THROWS_WITH(sigmoid(x).backward(),
                    Catch::Matchers::Contains("1x1") && Catch::Matchers::Contains("2x3"));
}

TEST_CASE("backward on a value that needs no gradient throws", "[autograd]") {
  const Var c = constant(filled(1, 1, 2.0));
  CHECK_THROWS_AS(sum(c).backward(), std::invalid_argument);
}

TEST_CASE("constants get no gradient, parameters do", "[autograd]") {
  const Var x = constant(from_rows({{1, 2}}));
  const Var w = parameter(from_rows({{3}, {4}}));
  const Var y = matmul(x, w);
  CHECK(y.requires_grad());
  y.backward();
  CHECK_FALSE(x.has_grad());
  test::check_all_close(w.grad(), {1, 2}, 0, 0);
}

TEST_CASE("NoGradGuard records no graph and restores the previous mode", "[autograd]") {
  const Var w = parameter(from_rows({{0.5}}));
  {
    NoGradGuard outer;
    CHECK_FALSE(grad_enabled());
    {
      NoGradGuard inner;
      CHECK_FALSE(grad_enabled());
    }
    CHECK_FALSE(grad_enabled());  // nested guards restore the mode they found
    const Var y = sigmoid(w);
    CHECK_FALSE(y.requires_grad());
    CHECK(y.node()->parents.empty());
    CHECK(y.item() == Approx(0.6224593312018546).epsilon(1e-15));
  }
  CHECK(grad_enabled());
  CHECK(sigmoid(w).requires_grad());
}

TEST_CASE("topological order puts every node after its parents, each once", "[autograd]") {
  const Var a = parameter(filled(1, 1, 1.0));
  const Var b = a + a;
  const Var c = b * b + a;
  const std::vector<Node*> order = topological_order(c);
  CHECK(order.size() == 4);  // a, b, b*b, c
  CHECK(order.front() == a.node().get());
  CHECK(order.back() == c.node().get());
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (const NodePtr& parent : order[i]->parents) {
      const auto pos = std::find(order.begin(), order.end(), parent.get()) - order.begin();
      CHECK(static_cast<std::size_t>(pos) < i);
    }
  }
}

TEST_CASE("a deep graph does not overflow the stack", "[autograd]") {
  const Var x = parameter(filled(1, 1, 1.0));
  Var y = x;
  for (int i = 0; i < 100000; ++i) y = scale(y, 1.0);
  y.backward();
  CHECK(x.grad()(0, 0) == 1.0);
}

TEST_CASE("item() refuses a non-scalar", "[autograd]") {
  CHECK_THROWS_WITH(constant(zeros(2, 1)).item(), Catch::Matchers::Contains("2x1"));
}
