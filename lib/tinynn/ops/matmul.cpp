// Matrix product, the only op that calls BLAS (through the cblas declarations that
// xtensor-blas brings in; OpenBLAS in every build, see CMakeLists.txt).
//
// Z = A·B with A N×k and B k×m gives Z N×m, Zᵢⱼ = Σₚ Aᵢₚ Bₚⱼ. By the chain rule
//   dL/dAᵢₚ = Σⱼ dZᵢⱼ Bₚⱼ   → dA = dZ·Bᵀ   (N×m · m×k = N×k)
//   dL/dBₚⱼ = Σᵢ Aᵢₚ dZᵢⱼ   → dB = Aᵀ·dZ   (k×N · N×m = k×m)
// The transposes are passed to BLAS as flags (no copies), and the gradients are added into
// their buffers by the same call (β = 1).
#include <xtensor-blas/xlinalg.hpp>

#include "tinynn/ops/ops.hpp"

namespace tinynn {

namespace {
// C = α·op(A)·op(B) + β·C, with op(X) = X or Xᵀ. C must already have its final shape.
void gemm(bool transpose_a, bool transpose_b, const Tensor& a, const Tensor& b, double beta,
          Tensor& c) {
  const auto m = static_cast<int>(c.shape(0));
  const auto n = static_cast<int>(c.shape(1));
  const auto k = static_cast<int>(transpose_a ? a.shape(0) : a.shape(1));
  if (m == 0 || n == 0) return;
  if (k == 0) {  // an empty sum: C = β·C
    if (beta == 0.0) c.fill(0.0); else c *= beta;
    return;
  }
  cblas_dgemm(CblasRowMajor, transpose_a ? CblasTrans : CblasNoTrans,
              transpose_b ? CblasTrans : CblasNoTrans, m, n, k, 1.0, a.data(),
              static_cast<int>(a.shape(1)), b.data(), static_cast<int>(b.shape(1)), beta,
              c.data(), n);
}

// grad += op(A)·op(B), allocating the gradient (β = 0) the first time.
void accumulate_product(Node* target, bool transpose_a, bool transpose_b, const Tensor& a,
                        const Tensor& b) {
  if (!target->requires_grad) return;
  if (BackwardTrace::recording()) {  // tinynn explain: the product on its own, for the record
    Tensor product = Tensor::from_shape(target->value.shape());
    gemm(transpose_a, transpose_b, a, b, 0.0, product);
    BackwardTrace::record_passed(target, product);
  }
  if (!target->has_grad) {
    target->grad = Tensor::from_shape(target->value.shape());
    gemm(transpose_a, transpose_b, a, b, 0.0, target->grad);
    target->has_grad = true;
  } else {
    gemm(transpose_a, transpose_b, a, b, 1.0, target->grad);
  }
}
}  // namespace

// Z = A·B  (N×k · k×m → N×m).  dA = dZ·Bᵀ,  dB = Aᵀ·dZ.
Var matmul(const Var& a, const Var& b) {
  const Tensor& av = a.value();
  const Tensor& bv = b.value();
  if (av.shape(1) != bv.shape(0)) {
    throw std::invalid_argument("matmul: shapes " + shape_str(av) + " and " + shape_str(bv) +
                                " do not chain (columns of the first, " +
                                std::to_string(av.shape(1)) + ", must equal rows of the second, " +
                                std::to_string(bv.shape(0)) + ")");
  }
  Tensor z = Tensor::from_shape({av.shape(0), bv.shape(1)});
  gemm(false, false, av, bv, 0.0, z);

  Node* pa = a.node().get();
  Node* pb = b.node().get();
  static constexpr OpMath math{"Z = A·B", {"dA = dZ·Bᵀ", "dB = Aᵀ·dZ"}};
  return Var::from_op("matmul", &math, std::move(z), {a, b}, [pa, pb](const Tensor& dz) {
    accumulate_product(pa, false, true, dz, pb->value);  // dA += dZ·Bᵀ
    accumulate_product(pb, true, false, pa->value, dz);  // dB += Aᵀ·dZ
  });
}

}  // namespace tinynn
