// The check-and-report part of `tinynn gradcheck`, apart from the run file, so that a test can
// give it any Module (one with a deliberately wrong backward) and see what a user would see.
#pragma once

#include <iosfwd>

#include "tinynn/layers/module.hpp"
#include "tinynn/train/trainer.hpp"

namespace tinynn::cli {

/// Exit status of `tinynn gradcheck` when a gradient disagrees with finite differences (or
/// when no element could be checked at all).
inline constexpr int kGradcheckFailed = 5;

/// Check every parameter of `model` under `loss` on (x, y) with gradcheck_model and print the
/// rule, one table row per parameter (checked, kinks, unresolved, worst error and where,
/// PASS/FAIL), notes on random subsets and kinks, and a verdict line. Returns 0 when every
/// checked element passes, kGradcheckFailed otherwise.
int report_gradcheck(std::ostream& out, Module& model, Loss loss, const Tensor& x,
                     const Tensor& y, const GradcheckOptions& options);

}  // namespace tinynn::cli
