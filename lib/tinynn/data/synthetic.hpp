// Synthetic two-dimensional classification data, the classic teaching sets: two interleaved
// half moons, two concentric circles, K interleaved spiral arms, and the four XOR quadrants.
// Every random draw comes from the Rng passed in: the same seed gives the same points.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tinynn/data/dataset.hpp"

namespace tinynn {

/// The kinds make_synthetic knows, in the order error messages list them.
const std::vector<std::string>& synthetic_kinds();

/// The most classes a spiral data set may have.
inline constexpr std::size_t kMaxSpiralClasses = 10;

/// n points x = (x1, x2) with integer labels y, rows in a seeded random order:
///   moons    class 0: (cos t, sin t), class 1: (1 − cos t, 0.5 − sin t), t evenly in [0, π]
///   circles  class 0 on the circle of radius 1, class 1 on radius 0.5, evenly spaced angles
///   spirals  class k of K: radius r evenly in (0, 1], angle 2πk/K + 1.6π·r (0.8 of a turn)
///   xor      uniform in the four unit quadrants around 0; class 1 where x1·x2 < 0
/// then Gaussian noise of standard deviation `noise` added to both coordinates. The classes
/// are as balanced as n allows (moons, circles, xor: ⌊n/2⌋ of class 0; spirals: n/K each).
/// `classes` applies to spirals only (2 … kMaxSpiralClasses), and must be 2 for the others.
/// Throws InputError for an unknown kind (listing the known ones), n = 0, spirals with fewer
/// points than arms, a negative or non-finite noise.
Dataset make_synthetic(const std::string& kind, std::size_t n, double noise, std::size_t classes, Rng& rng);

/// The data as CSV: "x1,x2,label", coordinates with 6 decimals, labels as integers.
std::string synthetic_csv(const Dataset& data);

}  // namespace tinynn
