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

// For tinynn explain: ∂Y/∂(input `input`) of an elementwise op, if a trace is recording and
// that input takes a gradient. `local` is only called then (no cost otherwise).
template <class F>
void trace_local(const Node* node, std::size_t input, const char* formula, F local) {
  if (node->requires_grad && BackwardTrace::recording()) {
    BackwardTrace::record_local(input, formula, Tensor(local()));
  }
}
Tensor same_shape_filled(const Node* node, double v) {
  return filled(node->value.shape(0), node->value.shape(1), v);
}
}  // namespace

// Y = A + B (N×n, N×n).  dA = dY,  dB = dY.
Var add(const Var& a, const Var& b) {
  detail::require_same_shape("add", a.value(), b.value());
  Node* pa = a.node().get();
  Node* pb = b.node().get();
  static constexpr OpMath math{"Y = A + B", {"dA = dY", "dB = dY"}};
  return Var::from_op("add", &math, a.value() + b.value(), {a, b}, [pa, pb](const Tensor& dy) {
    trace_local(pa, 0, "1", [&] { return same_shape_filled(pa, 1.0); });
    trace_local(pb, 1, "1", [&] { return same_shape_filled(pb, 1.0); });
    pass_to(pa, dy);
    pass_to(pb, dy);
  });
}

// Y = A − B (N×n, N×n).  dA = dY,  dB = −dY.
Var sub(const Var& a, const Var& b) {
  detail::require_same_shape("sub", a.value(), b.value());
  Node* pa = a.node().get();
  Node* pb = b.node().get();
  static constexpr OpMath math{"Y = A − B", {"dA = dY", "dB = −dY"}};
  return Var::from_op("sub", &math, a.value() - b.value(), {a, b}, [pa, pb](const Tensor& dy) {
    trace_local(pa, 0, "1", [&] { return same_shape_filled(pa, 1.0); });
    trace_local(pb, 1, "−1", [&] { return same_shape_filled(pb, -1.0); });
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
  static constexpr OpMath math{"Y = A ⊙ B", {"dA = dY ⊙ B", "dB = dY ⊙ A"}};
  return Var::from_op("mul", &math, a.value() * b.value(), {a, b}, [pa, pb](const Tensor& dy) {
    trace_local(pa, 0, "B", [&] { return pb->value; });
    trace_local(pb, 1, "A", [&] { return pa->value; });
    pass_to(pa, dy * pb->value);
    pass_to(pb, dy * pa->value);
  });
}

// Y = c·X (N×n).  dX = c·dY.
Var scale(const Var& x, double c) {
  Node* px = x.node().get();
  static constexpr OpMath math{"Y = c·X", {"dX = c·dY"}};
  return Var::from_op("scale", &math, c * x.value(), {x}, [px, c](const Tensor& dy) {
    trace_local(px, 0, "c", [&] { return same_shape_filled(px, c); });
    pass_to(px, c * dy);
  });
}

// Y = ln X (N×n).  dX = dY / X.
Var log(const Var& x) {
  Node* px = x.node().get();
  static constexpr OpMath math{"Y = ln X", {"dX = dY / X"}};
  return Var::from_op("log", &math, xt::log(x.value()), {x}, [px](const Tensor& dy) {
    trace_local(px, 0, "1/X", [&] { return 1.0 / px->value; });
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
  static constexpr OpMath math{"Y = X + b, b added to each row", {"dX = dY", "db = Σ over the rows of dY"}};
  return Var::from_op("add_row", &math, std::move(y), {x, b}, [px, pb](const Tensor& dy) {
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
  static constexpr OpMath math{"s = Σ X", {"dX = ds, for every element"}};
  return Var::from_op("sum", &math, std::move(s), {x}, [px](const Tensor& ds) {
    trace_local(px, 0, "1", [&] { return same_shape_filled(px, 1.0); });
    pass_to(px, filled(px->value.shape(0), px->value.shape(1), ds(0, 0)));
  });
}

// m = Σᵢⱼ Xᵢⱼ / (N·n) (N×n → 1×1).  dX = dm / (N·n) (broadcast to N×n).
Var mean(const Var& x) {
  const std::size_t count = x.value().size();
  if (count == 0) throw std::invalid_argument("mean: the input " + shape_str(x.value()) + " is empty");
  Node* px = x.node().get();
  Tensor m = filled(1, 1, xt::sum(x.value())() / static_cast<double>(count));
  static constexpr OpMath math{"m = Σ X/M, the mean over all M elements", {"dX = dm / M, for every element"}};
  return Var::from_op("mean", &math, std::move(m), {x}, [px, count](const Tensor& dm) {
    trace_local(px, 0, "1/M", [&] { return same_shape_filled(px, 1.0 / static_cast<double>(count)); });
    pass_to(px, filled(px->value.shape(0), px->value.shape(1),
                       dm(0, 0) / static_cast<double>(count)));
  });
}

}  // namespace tinynn
