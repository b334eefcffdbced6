// Shared test helpers: element-wise closeness in the reference's own terms, and paths.
#pragma once

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tinynn/tinynn.hpp"

namespace tinynn::test {

/// A file under the source tree, e.g. source_path("datasets/breast_cancer.csv").
inline std::string source_path(const std::string& relative) {
  return std::string(TINYNN_SOURCE_DIR) + "/" + relative;
}

/// |got − expected| ≤ abs_tol + rel_tol·|expected| (the reference's rule). An expected
/// non-zero value checked with abs_tol = 0 fails on a wrong zero.
inline bool close(double got, double expected, double rel_tol, double abs_tol) {
  if (std::isinf(expected)) return got == expected;
  return std::abs(got - expected) <= abs_tol + rel_tol * std::abs(expected);
}

/// Every element of `got` (row-major) close to `expected`; INFO names the first bad one.
inline void check_all_close(const Tensor& got, const std::vector<double>& expected,
                            double rel_tol, double abs_tol) {
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    std::ostringstream s;
    s.precision(17);
    s << "element " << i << ": got " << got.data()[i] << ", expected " << expected[i];
    INFO(s.str());
    CHECK(close(got.data()[i], expected[i], rel_tol, abs_tol));
  }
}

/// Gradcheck at the tolerance (1e-6), printing the worst element on failure. Every
/// element must be checked: a point at a kink would be skipped, and test less than it says.
inline void require_gradcheck(const std::function<Var(const std::vector<Var>&)>& f,
                              const std::vector<Tensor>& inputs) {
  const GradcheckResult r = gradcheck(f, inputs);
  INFO("worst error " << r.worst_error << " at " << r.worst_where << "; " << r.skipped
                      << " elements skipped at a kink");
  REQUIRE(r.checked > 0);
  REQUIRE(r.skipped == 0);
  REQUIRE(r.passed);
}

/// A fixed "random-looking" weighting so that sum(w ⊙ Y) checks every output of Y separately
/// (with plain sum(Y) a wrong gradient that permutes entries could still pass).
inline Tensor weights_like(std::size_t rows, std::size_t cols, std::uint64_t seed = 7) {
  Rng rng(seed);
  Tensor w = Tensor::from_shape({rows, cols});
  for (double& v : w) v = rng.uniform(0.5, 1.5) * (rng.uniform() < 0.5 ? -1 : 1);
  return w;
}

/// A fresh directory under /tmp, removed with everything in it at the end of the scope.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/tinynn_test_data_XXXXXX";
    const char* made = mkdtemp(pattern);
    if (made == nullptr) throw std::runtime_error("cannot create a temporary directory");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Write `content` byte for byte to a file in the directory; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    const std::string file = path_ + "/" + name;
    std::ofstream out(file, std::ios::binary);
    out << content;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file);
    return file;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// The message of the InputError that f throws; fails the test if f throws nothing.
/// (Any other exception escapes, and Catch2 reports it as a failure.)
template <class F>
inline std::string input_error(F&& f) {
  try {
    f();
  } catch (const tinynn::InputError& e) {
    return e.what();
  }
  FAIL("expected a tinynn::InputError, but nothing was thrown");
  return "";
}

/// Every part appears in the message.
inline void check_message(const std::string& message, std::initializer_list<std::string> parts) {
  INFO("message: " << message);
  for (const std::string& part : parts) CHECK_THAT(message, Catch::Matchers::Contains(part));
}

/// Runs the test from the repository root (the paths inside tests/data/configs/ are relative
/// to it), and goes back to the previous directory at the end of the scope.
class InRepoRoot {
 public:
  InRepoRoot() : previous_(std::filesystem::current_path()) {
    std::filesystem::current_path(source_path(""));
  }
  ~InRepoRoot() {
    std::error_code ec;
    std::filesystem::current_path(previous_, ec);
  }
  InRepoRoot(const InRepoRoot&) = delete;
  InRepoRoot& operator=(const InRepoRoot&) = delete;

 private:
  std::filesystem::path previous_;
};

}  // namespace tinynn::test
