// A data set in memory, and what is done to it before training: loading from CSV,
// a seeded train/test split, standardisation with training-set statistics.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tinynn/tensor.hpp"

namespace tinynn {

/// N samples: features X (N×d) and targets y (N×1), with the CSV header's names.
struct Dataset {
  Tensor x;
  Tensor y;
  std::vector<std::string> feature_names;
  std::string target_name;
  std::string source;  ///< the file it came from, for messages

  std::size_t size() const { return x.shape(0); }
  std::size_t features() const { return x.shape(1); }
};

/// A CSV file as it is: named numeric columns, one row per sample.
struct Table {
  std::vector<std::string> columns;
  Tensor values;  ///< rows × columns
  std::string source;
};

/// Read a CSV file with a header row whose every field is a finite number (the rules of
/// load_csv below, without choosing a target).
Table load_csv_table(const std::string& path);

/// The columns `names` of t, in that order. Throws InputError naming the file and every
/// missing column.
Tensor select_columns(const Table& t, const std::vector<std::string>& names);

/// Read a CSV file: a header row of column names, then one sample per line, every field a
/// finite decimal number (parsed with std::from_chars: the locale never changes a '.').
/// `target` names the target column; empty means the last column.
/// Accepts CRLF line ends, a missing final newline and trailing blank lines. Throws
/// InputError "FILE:LINE:COLUMN: what is wrong" for an empty field, a non-number (including
/// "1.5x"), nan/inf/1e400, a row with the wrong number of fields, an empty file, a header
/// with no rows, or an unknown target name.
Dataset load_csv(const std::string& path, const std::string& target = "");

/// The rows `rows` of d, in that order.
Dataset select_rows(const Dataset& d, const std::vector<std::size_t>& rows);

/// Shuffle with rng, then put the first round(test_fraction·N) samples in the test set
/// (at least one in each part). 0 < test_fraction < 1.
std::pair<Dataset, Dataset> train_test_split(const Dataset& d, double test_fraction, Rng& rng);

/// Per-column affine map x → (x − mean)/scale, fitted on training data only.
struct Standardizer {
  Tensor mean;   ///< 1×d
  Tensor scale;  ///< 1×d: the population standard deviation, or 1 for a constant column

  /// Fit to the columns of x (N×d, N ≥ 1).
  static Standardizer fit(const Tensor& x);
  /// (x − mean)/scale for every row.
  Tensor transform(const Tensor& x) const;
};

}  // namespace tinynn
