// Gradient checking: compare the gradients backward() computes with central finite
// differences. This is how every op in tinynn is tested, how you test a new one, and what
// `tinynn gradcheck` runs on a whole network (gradcheck_model in train/trainer.hpp).
//
// For each element θ of each parameter: numeric = (f(θ + h) − f(θ − h)) / 2h with
// h = 1e-6·max(1, |θ|) (truncation error O(h²), rounding error O(ε/h): both near 1e-10 in
// double), and
//   error = |analytic − numeric| / max(|analytic|, |numeric|, 1e-8),
// which passes at ≤ 1e-6.
//
// Two kinds of element cannot be judged by that formula; they are skipped and counted:
// - at a kink: where f is not smooth (relu at 0, binary_cross_entropy's clamps), the two
//   sides of a central difference see different slopes. Ops with a kink report, while a check
//   runs, which smooth piece each of their inputs is on (KinkTrace below); an element is
//   skipped when any such input is on another piece at θ + h or θ − h than at θ — that is,
//   when a kink lies within the perturbation's reach — or sits where the op's backward is a
//   convention rather than a slope (inside binary_cross_entropy's clamp).
// - unresolved (only when GradcheckOptions::rounding_scale is given, as gradcheck_model does):
//   each evaluation of f in double carries rounding error, which the difference divides by
//   2h. An element whose error is above the tolerance, but whose |a − n| is within that
//   rounding bound, is not judged: rounding alone could have put a right gradient there. Past
//   the bound it fails, however small its gradient (see gradcheck.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tinynn/autograd/var.hpp"

namespace tinynn {

// ---- the result of the test suite's check: one worst element over all parameters ----

struct GradcheckResult {
  double worst_error = 0;   ///< the largest error over all checked elements
  std::string worst_where;  ///< "parameter 1 (2x3), element (0, 2): analytic .., numeric .."
  std::size_t checked = 0;  ///< elements compared
  std::size_t skipped = 0;  ///< elements at a kink (not compared)
  bool passed = false;      ///< something was checked and worst_error ≤ tolerance
};

/// f computes a 1×1 Var from `params` (e.g. a network's loss). Each element of each parameter
/// is perturbed in place and restored; the parameters' gradients are left cleared.
GradcheckResult gradcheck(const std::function<Var()>& f, const std::vector<Var>& params,
                          double tolerance = 1e-6);

/// f maps the inputs (as trainable Vars) to a 1×1 Var. The inputs are not modified.
GradcheckResult gradcheck(const std::function<Var(const std::vector<Var>&)>& f,
                          const std::vector<Tensor>& inputs, double tolerance = 1e-6);

// ---- the check per parameter, with its options: what `tinynn gradcheck` prints ----

struct GradcheckOptions {
  double tolerance = 1e-6;
  /// Check at most this many elements of each parameter: a seeded random choice when it has
  /// more (for large networks: each element costs two forward passes). 0: every element.
  std::size_t max_elements = 0;
  std::uint64_t seed = 0;  ///< of that random choice
  /// The numeric evaluations: numbers whose sum is f (e.g. a loss's per-sample terms, each
  /// already divided by N). Their differences are taken term by term and then summed, which
  /// keeps digits that rounding the total first would lose. Empty: f's own value.
  std::function<Tensor()> terms;
  /// Called once, after the analytic pass: the magnitude s of the values whose rounding
  /// reaches f, so that 4ε·s/h bounds the rounding error of a numeric derivative. Given, it
  /// turns on the "unresolved" rule; empty, every element not at a kink is judged.
  std::function<double()> rounding_scale;
  /// Called after each element with (elements done, elements in all): for a progress bar.
  std::function<void(std::size_t, std::size_t)> on_progress;
};

/// What the check found for one parameter.
struct ParameterCheck {
  std::string name;           ///< e.g. "0.weight"
  std::size_t rows = 0, cols = 0;
  std::size_t sampled = 0;    ///< elements looked at: all rows·cols, or max_elements of them
  std::size_t checked = 0;    ///< judged by the formula
  std::size_t kinks = 0;      ///< skipped: a kink within the perturbation's reach
  std::size_t unresolved = 0; ///< skipped: rounding hides the answer at this tolerance
  std::map<std::string, std::size_t> kink_ops;  ///< which op's kink, e.g. {"relu", 3}
  /// With the rounding rule: the bound on |a − n| that rounding can explain where |θ| ≤ 1
  /// (an element past the tolerance but within it is unresolved); 0 without it.
  double resolution = 0;
  double worst_error = 0;     ///< over the checked elements
  std::size_t worst_element = 0;  ///< row-major index of that element
  double worst_analytic = 0, worst_numeric = 0;
  bool passed = true;         ///< worst_error ≤ tolerance (true when nothing was checked)
};

/// The finite-difference loop behind every check. Each element (or each chosen element) of
/// each named parameter is perturbed in place and restored; the parameters' gradients are
/// left cleared. f must give a 1×1 Var.
std::vector<ParameterCheck> gradcheck_parameters(
    const std::function<Var()>& f, const std::vector<std::pair<std::string, Var>>& params,
    const GradcheckOptions& options = {});

// ---- how ops with a kink take part ----

/// Where the ops with a kink were during one evaluation of f: per op call, one byte per
/// element naming the smooth piece its input is on (relu: 0 for x ≤ 0, 1 for x > 0). A piece
/// with kConvention set is one where the op's backward is a convention, not the slope of its
/// forward (binary_cross_entropy inside its clamp).
struct KinkTrace {
  static constexpr std::uint8_t kConvention = 0x80;
  struct Call {
    const char* op;     ///< a string literal, e.g. "relu"
    std::size_t begin;  ///< its first byte in pieces
  };
  std::vector<Call> calls;
  std::vector<std::uint8_t> pieces;

  /// Room for n pieces of one call of `op`, to be filled by the caller.
  std::uint8_t* append(const char* op, std::size_t n);
};

/// The trace being recorded on this thread, or nullptr when no check is running (the usual
/// case: then an op with a kink pays one pointer test per call). Ops with a kink do:
///   if (KinkTrace* t = active_kink_trace()) { auto* p = t->append("relu", n); p[i] = ...; }
KinkTrace* active_kink_trace();

}  // namespace tinynn
