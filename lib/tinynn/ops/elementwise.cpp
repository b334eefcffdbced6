// The small ops: sums, products, logs and the bias broadcast. Each comment gives the math and
// the shapes; each backward adds its share into its inputs' gradients (never assigns: an input
// used twice must receive both contributions).
#include <cmath>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xreducer.hpp>

#include "tinynn/ops/ops.hpp"

namespace tinynn {

namespace detail {
void require_same_shape(const char* op, const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) {
    throw std::invalid_argument(std::string(op) + ": shapes " + shape_str(a) + " and " +
                                shape_str(b) + " differ (this op needs equal shapes)");
  }
}
}  // namespace detail

namespace {
// Add g into node's gradient if the node wants one (constants such as inputs do not).
void pass_to(Node* node, Tensor g) {
  if (node->requires_grad) node->accumulate_grad(std::move(g));
}
}  // namespace

// Y = A + B (N×n, N×n).  dA = dY,  dB = dY.
Var add(const Var& a, const Var& b) {
  detail::require_same_shape("add", a.value(), b.value());
  Node* pa = a.node().get();
  Node* pb = b.node().get();
  return Var::from_op("add", a.value() + b.value(), {a, b}, [pa, pb](const Tensor& dy) {
    pass_to(pa, dy);
    pass_to(pb, dy);
  });
}

// Y = A − B (N×n, N×n).  dA = dY,  dB = −dY.
Var sub(const Var& a, const Var& b) {
  detail::require_same_shape("sub", a.value(), b.value());
  Node* pa = a.node().get();
  Node* pb = b.node().get();
  return Var::from_op("sub", a.value() - b.value(), {a, b}, [pa, pb](const Tensor& dy) {
    pass_to(pa, dy);
    pass_to(pb, -dy);
  });
}

// Y = A ⊙ B (N×n, N×n).  dA = dY ⊙ B,  dB = dY ⊙ A.
// For mul(x, x) both lines add into x: dX = 2·X⊙dY, as d(x²)/dx = 2x says.
Var mul(const Var& a, const Var& b) {
  detail::require_same_shape("mul", a.value(), b.value());
  Node* pa = a.node().get();
  Node* pb = b.node().get();
  return Var::from_op("mul", a.value() * b.value(), {a, b}, [pa, pb](const Tensor& dy) {
    pass_to(pa, dy * pb->value);
    pass_to(pb, dy * pa->value);
  });
}

// Y = c·X (N×n).  dX = c·dY.
Var scale(const Var& x, double c) {
  Node* px = x.node().get();
  return Var::from_op("scale", c * x.value(), {x}, [px, c](const Tensor& dy) {
    pass_to(px, c * dy);
  });
}

// Y = ln X (N×n).  dX = dY / X.
Var log(const Var& x) {
  Node* px = x.node().get();
  return Var::from_op("log", xt::log(x.value()), {x}, [px](const Tensor& dy) {
    pass_to(px, dy / px->value);
  });
}

// Y = X + 1·b (N×n, 1×n → N×n): the bias row is added to every sample.
// dX = dY;  db = Σ over the N rows of dY (1×n).
Var add_row(const Var& x, const Var& b) {
  const Tensor& xv = x.value();
  const Tensor& bv = b.value();
  if (bv.shape(0) != 1 || bv.shape(1) != xv.shape(1)) {
    throw std::invalid_argument("add_row: the row must be 1x" + std::to_string(xv.shape(1)) +
                                " to add to every row of " + shape_str(xv) + ", got " +
                                shape_str(bv));
  }
  Tensor y = xv;
  for (std::size_t i = 0; i < y.shape(0); ++i) {
    for (std::size_t j = 0; j < y.shape(1); ++j) y(i, j) += bv(0, j);
  }
  Node* px = x.node().get();
  Node* pb = b.node().get();
  return Var::from_op("add_row", std::move(y), {x, b}, [px, pb](const Tensor& dy) {
    pass_to(px, dy);
    if (pb->requires_grad) {
      Tensor db = zeros(1, dy.shape(1));
      for (std::size_t i = 0; i < dy.shape(0); ++i) {
        for (std::size_t j = 0; j < dy.shape(1); ++j) db(0, j) += dy(i, j);
      }
      pb->accumulate_grad(std::move(db));
    }
  });
}

// s = Σᵢⱼ Xᵢⱼ (N×n → 1×1).  dX = ds (broadcast to N×n).
Var sum(const Var& x) {
  Node* px = x.node().get();
  Tensor s = filled(1, 1, xt::sum(x.value())());
  return Var::from_op("sum", std::move(s), {x}, [px](const Tensor& ds) {
    pass_to(px, filled(px->value.shape(0), px->value.shape(1), ds(0, 0)));
  });
}

// m = Σᵢⱼ Xᵢⱼ / (N·n) (N×n → 1×1).  dX = dm / (N·n) (broadcast to N×n).
Var mean(const Var& x) {
  const std::size_t count = x.value().size();
  if (count == 0) throw std::invalid_argument("mean: the input " + shape_str(x.value()) + " is empty");
  Node* px = x.node().get();
  Tensor m = filled(1, 1, xt::sum(x.value())() / static_cast<double>(count));
  return Var::from_op("mean", std::move(m), {x}, [px, count](const Tensor& dm) {
    pass_to(px, filled(px->value.shape(0), px->value.shape(1),
                       dm(0, 0) / static_cast<double>(count)));
  });
}

}  // namespace tinynn
