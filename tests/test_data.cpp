// The data layer: CSV loading (valid and malformed files), the split, standardisation,
// the portable Rng and permutation, and the binary metrics.
#include "helpers.hpp"

#include <algorithm>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <set>
#include <string>
#include <system_error>
#include <vector>

using Catch::Matchers::Contains;
using tinynn::test::source_path;
using tinynn::test::TempDir;

namespace {

std::string bad_input(const std::string& name) {
  return source_path("tests/data/bad_inputs/" + name);
}

/// Exactly the values of xor_ok.csv (all small integers: compared with ==).
void check_is_xor(const tinynn::Dataset& d, const std::string& path) {
  REQUIRE(d.x.shape(0) == 4);
  REQUIRE(d.x.shape(1) == 2);
  REQUIRE(d.y.shape(0) == 4);
  REQUIRE(d.y.shape(1) == 1);
  CHECK(d.size() == 4);
  CHECK(d.features() == 2);
  const double x[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  const double y[4] = {0, 1, 1, 0};
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("row " << i);
    CHECK(d.x(i, 0) == x[i][0]);
    CHECK(d.x(i, 1) == x[i][1]);
    CHECK(d.y(i, 0) == y[i]);
  }
  CHECK(d.feature_names == std::vector<std::string>{"x1", "x2"});
  CHECK(d.target_name == "y");
  CHECK(d.source == path);
}

bool same(const tinynn::Tensor& a, const tinynn::Tensor& b) {
  if (a.shape(0) != b.shape(0) || a.shape(1) != b.shape(1)) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.data()[i] != b.data()[i]) return false;
  }
  return true;
}

/// Every sample as one row [x..., y...], sorted: the multiset of a data set's rows.
std::vector<std::vector<double>> sorted_rows(const std::vector<const tinynn::Dataset*>& parts) {
  std::vector<std::vector<double>> rows;
  for (const tinynn::Dataset* d : parts) {
    for (std::size_t i = 0; i < d->size(); ++i) {
      std::vector<double> row;
      for (std::size_t j = 0; j < d->x.shape(1); ++j) row.push_back(d->x(i, j));
      for (std::size_t j = 0; j < d->y.shape(1); ++j) row.push_back(d->y(i, j));
      rows.push_back(row);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// Restores the locale that was in force when it was made.
class LocaleGuard {
 public:
  LocaleGuard() : saved_(std::setlocale(LC_ALL, nullptr)) {}
  ~LocaleGuard() { std::setlocale(LC_ALL, saved_.c_str()); }
  LocaleGuard(const LocaleGuard&) = delete;
  LocaleGuard& operator=(const LocaleGuard&) = delete;

 private:
  std::string saved_;
};

}  // namespace

// ---------------------------------------------------------------------------------------
// CSV: the fixtures in tests/data/bad_inputs
// ---------------------------------------------------------------------------------------

TEST_CASE("data: xor_ok.csv loads as X 4x2 and y 4x1 with its exact values", "[data]") {
  const std::string path = bad_input("xor_ok.csv");
  check_is_xor(tinynn::load_csv(path), path);
}

TEST_CASE("data: csv_crlf, no trailing newline and trailing blank lines load like xor_ok",
          "[data]") {
  for (const char* name :
       {"csv_crlf.csv", "csv_no_trailing_newline.csv", "csv_trailing_blank_lines.csv"}) {
    INFO(name);
    const std::string path = bad_input(name);
    check_is_xor(tinynn::load_csv(path), path);
  }
}

TEST_CASE("data: csv_missing_value.csv is rejected at line 3 column 2", "[data]") {
  const std::string path = bad_input("csv_missing_value.csv");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path),
                    Contains(path + ":3:2: empty field") && Contains("x2"));
}

TEST_CASE("data: csv_ragged_row.csv is rejected at line 4 with 2 fields of 3", "[data]") {
  const std::string path = bad_input("csv_ragged_row.csv");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path),
                    Contains(path + ":4: ") && Contains("2 fields") && Contains("expected 3"));
}

TEST_CASE("data: csv_non_numeric.csv is rejected at line 5 column 2 naming abc", "[data]") {
  const std::string path = bad_input("csv_non_numeric.csv");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + ":5:2: 'abc'") &&
                                                Contains("not a number") && Contains("x2"));
}

TEST_CASE("data: csv_empty.csv is rejected as empty naming the file", "[data]") {
  const std::string path = bad_input("csv_empty.csv");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + ": ") && Contains("empty"));
}

TEST_CASE("data: csv_header_only.csv is rejected as having no data rows", "[data]") {
  const std::string path = bad_input("csv_header_only.csv");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + ": ") && Contains("no data rows"));
}

// ---------------------------------------------------------------------------------------
// CSV: more rejections, from files written here
// ---------------------------------------------------------------------------------------

TEST_CASE("data: load_csv rejects partial numbers, nan, inf and out-of-range values",
          "[data]") {
  TempDir dir;
  struct Case {
    const char* name;
    const char* content;
    const char* where;  // ":LINE:COLUMN: "
    const char* text;   // the offending field, quoted
    const char* what;
  };
  const Case cases[] = {
      {"partial.csv", "a,b,y\n1,2,0\n3,1.5x,1\n", ":3:2: ", "'1.5x'", "not a number"},
      {"nan.csv", "a,b,y\nnan,2,0\n3,4,1\n", ":2:1: ", "'nan'", "not a finite number"},
      {"inf.csv", "a,b,y\n1,2,0\n3,4,inf\n", ":3:3: ", "'inf'", "not a finite number"},
      {"minus_inf.csv", "a,b,y\n1,2,0\n3,4,1\n5,-inf,0\n", ":4:2: ", "'-inf'",
       "not a finite number"},
      {"huge.csv", "a,b,y\n1,1e400,0\n", ":2:2: ", "'1e400'", "larger than any double"},
      {"huge_digits.csv", "a,y\n1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000,0\n",
       ":2:1: ", "'1000", "larger than any double"},
      {"spaced.csv", "a,b,y\n1,2,0\n3,4 5,1\n", ":3:2: ", "'4 5'", "not a number"},
      {"sign_only.csv", "a,b,y\n+,2,0\n", ":2:1: ", "'+'", "not a number"},
      // Quoted, "3,5" is one field (RFC 4180), and not a number.
      {"quoted_comma.csv", "a,b,y\n1,2,0\n\"3,5\",4,1\n", ":3:1: ", "'3,5'", "not a number"},
  };
  for (const Case& c : cases) {
    INFO(c.name << ": " << c.content);
    const std::string path = dir.write(c.name, c.content);
    CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
    CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + c.where + c.text) &&
                                                  Contains(c.what));
  }
}

TEST_CASE("data: a number nearer to 0 than any double reads as 0, as strtod does", "[data]") {
  TempDir dir;
  const std::string path = dir.write("tiny.csv", "a,b,y\n1e-400,-1e-400,0\n0." + std::string(400, '0') +
                                                     "1,4.9e-324,1\n");
  const tinynn::Table t = tinynn::load_csv_table(path);
  CHECK(t.values(0, 0) == 0.0);
  CHECK_FALSE(std::signbit(t.values(0, 0)));
  CHECK(t.values(0, 1) == 0.0);
  CHECK(std::signbit(t.values(0, 1)));
  CHECK(t.values(1, 0) == 0.0);
  CHECK(t.values(1, 1) == 4.9406564584124654e-324);  // the smallest subnormal, not 0
}

TEST_CASE("data: quoted fields as RFC 4180 writes them", "[data]") {
  TempDir dir;
  SECTION("quoted names and numbers") {
    const std::string path = dir.write("q.csv", "\"a\", \"say \"\"hi\"\"\",\"y\"\n\"1.5\",2,\"0\"\n");
    const tinynn::Dataset d = tinynn::load_csv(path, "y");
    CHECK(d.feature_names == std::vector<std::string>{"a", "say \"hi\""});
    CHECK(d.target_name == "y");
    CHECK(d.x(0, 0) == 1.5);
    CHECK(d.x(0, 1) == 2.0);
  }
  struct Case {
    const char* content;
    const char* where;
    const char* what;
  };
  const Case cases[] = {
      {"a,b\n\"1,2\n", ":2:1: ", "a quoted field is not closed on its line"},
      {"a,b\n\"1\"x,2\n", ":2:4: ", "unexpected text after a closing quote"},
      {"a,b\n1,2\"\n", ":2:4: ", "a quote inside an unquoted field"},
  };
  for (const Case& c : cases) {
    INFO(c.content);
    const std::string path = dir.write("bad.csv", c.content);
    CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + c.where) && Contains(c.what));
  }
}

TEST_CASE("data: old Mac line ends and a header that is not UTF-8 are named", "[data]") {
  TempDir dir;
  const std::string cr = dir.write("cr.csv", "a,b,y\r1,2,0\r3,4,1\r");
  CHECK_THROWS_WITH(tinynn::load_csv(cr), Contains(cr + ":1:6: ") && Contains("bare carriage return"));
  const std::string mixed = dir.write("mixed.csv", "a,b,y\n1,2\r,0\n");
  CHECK_THROWS_WITH(tinynn::load_csv(mixed), Contains(mixed + ":2:4: ") && Contains("carriage return (CR) inside a line"));
  const std::string latin1 = dir.write("latin1.csv", "caf\xe9,b,y\n1,2,0\n");
  CHECK_THROWS_WITH(tinynn::load_csv(latin1), Contains(latin1 + ":1: ") && Contains("column 1's name is not valid UTF-8 (byte 4"));
  const std::string utf8 = dir.write("utf8.csv", "caf\xc3\xa9,b,y\n1,2,0\n");
  CHECK(tinynn::load_csv(utf8).feature_names[0] == "caf\xc3\xa9");
}

TEST_CASE("invalid_utf8_at finds the first bad byte", "[data]") {
  CHECK(tinynn::invalid_utf8_at("plain") == std::string::npos);
  CHECK(tinynn::invalid_utf8_at("\xe2\x82\xac \xf0\x9f\x98\x80") == std::string::npos);  // € 😀
  CHECK(tinynn::invalid_utf8_at("ab\xff") == 2);
  CHECK(tinynn::invalid_utf8_at("\xc0\xaf") == 0);          // overlong '/'
  CHECK(tinynn::invalid_utf8_at("\xed\xa0\x80") == 0);      // a UTF-16 surrogate
  CHECK(tinynn::invalid_utf8_at("\xf4\x90\x80\x80") == 0);  // above U+10FFFF
  CHECK(tinynn::invalid_utf8_at("x\xe2\x82") == 1);          // cut short
}

TEST_CASE("data: load_csv rejects a plus sign followed by a minus sign", "[data]") {
  // "+-1" is not a number: stripping the '+' must not let from_chars read "-1".
  TempDir dir;
  const std::string path = dir.write("plus_minus.csv", "a,b,y\n1,2,0\n3,+-1,1\n");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path),
                    Contains(path + ":3:2: '+-1'") && Contains("not a number"));
}

TEST_CASE("data: load_csv rejects a blank line in the middle of the data", "[data]") {
  TempDir dir;
  const std::string path = dir.write("blank.csv", "a,b,y\n1,2,0\n\n3,4,1\n");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + ":3: blank line"));
  // The same with CRLF line ends and a line of spaces.
  const std::string crlf =
      dir.write("blank_crlf.csv", "a,b,y\r\n1,2,0\r\n3,4,1\r\n  \r\n5,6,0\r\n");
  CHECK_THROWS_AS(tinynn::load_csv(crlf), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(crlf), Contains(crlf + ":4: blank line"));
}

TEST_CASE("data: load_csv rejects an empty column name in the header", "[data]") {
  TempDir dir;
  const std::string path = dir.write("empty_name.csv", "a,,y\n1,2,0\n");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + ":1:2: empty column name"));
  const std::string last = dir.write("empty_last.csv", "a,b, \n1,2,0\n");
  CHECK_THROWS_WITH(tinynn::load_csv(last), Contains(last + ":1:3: empty column name"));
}

TEST_CASE("data: load_csv rejects a column name that appears twice", "[data]") {
  TempDir dir;
  const std::string path = dir.write("dup.csv", "y,a,y\n1,2,0\n");
  CHECK_THROWS_WITH(tinynn::load_csv(path, "y"),
                    Contains(path + ":1:3: column name 'y' appears twice (columns 1 and 3)"));
}

TEST_CASE("data: load_csv ignores a UTF-8 byte-order mark before the header", "[data]") {
  TempDir dir;
  const std::string path = dir.write("bom.csv", "\xEF\xBB\xBFlabel,a\n1,2\n0,3\n");
  const tinynn::Dataset d = tinynn::load_csv(path, "label");
  CHECK(d.target_name == "label");
  CHECK(d.feature_names == std::vector<std::string>{"a"});
  CHECK(d.y(1, 0) == 0.0);
  CHECK(d.x(1, 0) == 3.0);
}

TEST_CASE("data: load_csv rejects a header with a single column", "[data]") {
  TempDir dir;
  const std::string path = dir.write("one_column.csv", "y\n1\n0\n");
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + ":1: ") && Contains("1 column"));
}

TEST_CASE("data: load_csv rejects an unknown target name and lists the columns", "[data]") {
  TempDir dir;
  const std::string path = dir.write("target.csv", "alpha,beta,gamma\n1,2,0\n");
  CHECK_THROWS_AS(tinynn::load_csv(path, "label"), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path, "label"),
                    Contains(path + ":1: ") && Contains("'label'") &&
                        Contains("alpha, beta, gamma"));
}

TEST_CASE("data: load_csv on a missing file names it and says it cannot open it", "[data]") {
  TempDir dir;
  const std::string path = dir.path() + "/does_not_exist.csv";
  CHECK_THROWS_AS(tinynn::load_csv(path), tinynn::InputError);
  CHECK_THROWS_WITH(tinynn::load_csv(path), Contains(path + ": cannot open"));
}

// ---------------------------------------------------------------------------------------
// CSV: accepted forms
// ---------------------------------------------------------------------------------------

TEST_CASE("data: load_csv accepts a leading plus and spaces around numbers and names",
          "[data]") {
  TempDir dir;
  const std::string path =
      dir.write("lenient.csv", " a , b ,y\n+1,  -2 ,\t3\t\n +0.5 ,+7e1,0\n");
  const tinynn::Dataset d = tinynn::load_csv(path);
  REQUIRE(d.x.shape(0) == 2);
  REQUIRE(d.x.shape(1) == 2);
  REQUIRE(d.y.shape(0) == 2);
  CHECK(d.x(0, 0) == 1.0);
  CHECK(d.x(0, 1) == -2.0);
  CHECK(d.y(0, 0) == 3.0);
  CHECK(d.x(1, 0) == 0.5);
  CHECK(d.x(1, 1) == 70.0);
  CHECK(d.y(1, 0) == 0.0);
  CHECK(d.feature_names == std::vector<std::string>{"a", "b"});
  CHECK(d.target_name == "y");
}

TEST_CASE("data: load_csv takes the target column by name from any position", "[data]") {
  TempDir dir;
  const std::string path = dir.write("first.csv", "label,f1,f2\n1,2,3\n0,4,5\n1,6,7\n");

  SECTION("the first column") {
    const tinynn::Dataset d = tinynn::load_csv(path, "label");
    REQUIRE(d.x.shape(0) == 3);
    REQUIRE(d.x.shape(1) == 2);
    REQUIRE(d.y.shape(1) == 1);
    const double x[3][2] = {{2, 3}, {4, 5}, {6, 7}};
    const double y[3] = {1, 0, 1};
    for (std::size_t i = 0; i < 3; ++i) {
      INFO("row " << i);
      CHECK(d.x(i, 0) == x[i][0]);
      CHECK(d.x(i, 1) == x[i][1]);
      CHECK(d.y(i, 0) == y[i]);
    }
    CHECK(d.feature_names == std::vector<std::string>{"f1", "f2"});
    CHECK(d.target_name == "label");
  }
  SECTION("a middle column") {
    const tinynn::Dataset d = tinynn::load_csv(path, "f1");
    REQUIRE(d.x.shape(1) == 2);
    const double x[3][2] = {{1, 3}, {0, 5}, {1, 7}};
    const double y[3] = {2, 4, 6};
    for (std::size_t i = 0; i < 3; ++i) {
      INFO("row " << i);
      CHECK(d.x(i, 0) == x[i][0]);
      CHECK(d.x(i, 1) == x[i][1]);
      CHECK(d.y(i, 0) == y[i]);
    }
    CHECK(d.feature_names == std::vector<std::string>{"label", "f2"});
    CHECK(d.target_name == "f1");
  }
  SECTION("empty means the last column") {
    const tinynn::Dataset d = tinynn::load_csv(path);
    CHECK(d.target_name == "f2");
    CHECK(d.y(0, 0) == 3.0);
    CHECK(d.y(2, 0) == 7.0);
    CHECK(d.x(1, 0) == 0.0);
    CHECK(d.x(1, 1) == 4.0);
  }
}

TEST_CASE("data: load_csv parses negative and exponent numbers exactly", "[data]") {
  TempDir dir;
  const std::string path = dir.write(
      "numbers.csv", "a,b,c,y\n-1.25e-3,2.5E+2,-0,0.1\n1e-300,-1.7976931348623157e308,.5,3.\n");
  const tinynn::Dataset d = tinynn::load_csv(path);
  REQUIRE(d.x.shape(0) == 2);
  REQUIRE(d.x.shape(1) == 3);
  CHECK(d.x(0, 0) == -0.00125);
  CHECK(d.x(0, 1) == 250.0);
  CHECK(d.x(0, 2) == 0.0);
  CHECK(std::signbit(d.x(0, 2)));
  CHECK(d.y(0, 0) == 0.1);
  CHECK(d.x(1, 0) == 1e-300);
  CHECK(d.x(1, 1) == -std::numeric_limits<double>::max());
  CHECK(d.x(1, 2) == 0.5);
  CHECK(d.y(1, 0) == 3.0);
}

TEST_CASE("data: load_csv does not depend on the locale", "[data]") {
  TempDir dir;
  const std::string path = dir.write("locale.csv", "a,b,y\n1.5,-2.25e1,0.125\n");
  LocaleGuard guard;
  const auto check = [&path]() {
    const tinynn::Dataset d = tinynn::load_csv(path);
    REQUIRE(d.x.shape(0) == 1);
    REQUIRE(d.x.shape(1) == 2);
    CHECK(d.x(0, 0) == 1.5);
    CHECK(d.x(0, 1) == -22.5);
    CHECK(d.y(0, 0) == 0.125);
  };
  REQUIRE(std::setlocale(LC_ALL, "C") != nullptr);
  check();
  if (std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr) {
    // In de_DE the decimal separator is ',': a locale-dependent parser would stop at '.'.
    check();
  } else {
    WARN("locale de_DE.UTF-8 is not installed: checked under the C locale only");
  }
}

// ---------------------------------------------------------------------------------------
// The real data set
// ---------------------------------------------------------------------------------------

TEST_CASE("data: breast_cancer.csv loads as 569x30 with target benign", "[data]") {
  const std::string path = source_path("datasets/breast_cancer.csv");
  const tinynn::Dataset d = tinynn::load_csv(path);
  REQUIRE(d.x.shape(0) == 569);
  REQUIRE(d.x.shape(1) == 30);
  REQUIRE(d.y.shape(0) == 569);
  REQUIRE(d.y.shape(1) == 1);
  CHECK(d.target_name == "benign");
  REQUIRE(d.feature_names.size() == 30);
  CHECK(d.feature_names.front() == "mean_radius");
  CHECK(d.feature_names.back() == "worst_fractal_dimension");
  std::size_t ones = 0, zeros = 0;
  for (std::size_t i = 0; i < 569; ++i) {
    if (d.y(i, 0) == 1.0) ++ones;
    else if (d.y(i, 0) == 0.0) ++zeros;
  }
  CHECK(ones == 357);
  CHECK(zeros == 212);
  CHECK(d.x(0, 0) == 17.99);
  CHECK(d.x(0, 1) == 10.38);
  CHECK(d.x(0, 29) == 0.1189);
  CHECK(d.y(0, 0) == 0.0);
  CHECK(d.x(568, 0) == 7.76);
  CHECK(d.x(568, 29) == 0.07039);
  CHECK(d.y(568, 0) == 1.0);
  // The target column by name gives the same thing as the default (last column).
  const tinynn::Dataset named = tinynn::load_csv(path, "benign");
  CHECK(same(named.x, d.x));
  CHECK(same(named.y, d.y));
}

// ---------------------------------------------------------------------------------------
// Standardizer
// ---------------------------------------------------------------------------------------

TEST_CASE("data: Standardizer fits mean and population sd by hand", "[data]") {
  const tinynn::Tensor x = tinynn::from_rows({{1, 5, 10}, {2, 5, 20}, {3, 5, 30}, {4, 5, 40}});
  const tinynn::Standardizer s = tinynn::Standardizer::fit(x);
  REQUIRE(s.mean.shape(0) == 1);
  REQUIRE(s.mean.shape(1) == 3);
  REQUIRE(s.scale.shape(0) == 1);
  REQUIRE(s.scale.shape(1) == 3);
  CHECK(s.mean(0, 0) == 2.5);
  CHECK(s.mean(0, 1) == 5.0);
  CHECK(s.mean(0, 2) == 25.0);
  CHECK(tinynn::test::close(s.scale(0, 0), std::sqrt(1.25), 1e-15, 0));
  CHECK(s.scale(0, 1) == 1.0);  // constant column
  CHECK(tinynn::test::close(s.scale(0, 2), std::sqrt(125.0), 1e-15, 0));

  const tinynn::Tensor t = s.transform(x);
  REQUIRE(t.shape(0) == 4);
  REQUIRE(t.shape(1) == 3);
  const double r = std::sqrt(1.25);
  tinynn::test::check_all_close(t,
                                {-1.5 / r, 0, -1.5 / r,  //
                                 -0.5 / r, 0, -0.5 / r,  //
                                 0.5 / r, 0, 0.5 / r,    //
                                 1.5 / r, 0, 1.5 / r},
                                1e-14, 0);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(t(i, 1) == 0.0);  // exactly 0, never NaN
  }

  // Other data goes through the training statistics, not its own.
  const tinynn::Tensor other = s.transform(tinynn::from_rows({{2.5, 7, 25}, {0, 5, 0}}));
  tinynn::test::check_all_close(other, {0, 2, 0, -2.5 / r, 0, -25 / std::sqrt(125.0)}, 1e-14, 0);
}

TEST_CASE("data: Standardizer treats a constant column of 0.1 as constant", "[data]") {
  // 0.1 is not exact in binary: the computed mean is 0.1 + 1 ulp, so the computed sd is
  // about 1e-17 instead of 0. The column is still constant: scale 1, transformed to ~0.
  const tinynn::Tensor x = tinynn::from_rows({{0.1, 1}, {0.1, 2}, {0.1, 3}});
  const tinynn::Standardizer s = tinynn::Standardizer::fit(x);
  INFO("mean " << s.mean(0, 0) - 0.1 << " away from 0.1, scale " << s.scale(0, 0));
  CHECK(s.scale(0, 0) == 1.0);
  const tinynn::Tensor t = s.transform(x);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("row " << i << ": " << t(i, 0));
    CHECK(std::abs(t(i, 0)) < 1e-12);
  }
}

TEST_CASE("data: Standardizer transform of the training data has mean 0 and sd 1", "[data]") {
  tinynn::Rng rng(123);
  const std::size_t n = 200, d = 4;
  tinynn::Tensor x = tinynn::zeros(n, d);
  for (std::size_t i = 0; i < n; ++i) {
    x(i, 0) = rng.normal();
    x(i, 1) = 1000.0 + 50.0 * rng.normal();
    x(i, 2) = 1e-3 * rng.uniform();
    x(i, 3) = -7.0 + 3.0 * rng.uniform();
  }
  const tinynn::Tensor cancer = tinynn::load_csv(source_path("datasets/breast_cancer.csv")).x;
  for (const tinynn::Tensor* data : std::vector<const tinynn::Tensor*>{&x, &cancer}) {
    const tinynn::Tensor& input = *data;
    const tinynn::Tensor t = tinynn::Standardizer::fit(input).transform(input);
    REQUIRE(t.shape(0) == input.shape(0));
    REQUIRE(t.shape(1) == input.shape(1));
    const auto rows = static_cast<double>(t.shape(0));
    for (std::size_t j = 0; j < t.shape(1); ++j) {
      INFO("column " << j << " of a " << t.shape(0) << "x" << t.shape(1) << " matrix");
      double sum = 0;
      for (std::size_t i = 0; i < t.shape(0); ++i) sum += t(i, j);
      const double mean = sum / rows;
      double squares = 0;
      for (std::size_t i = 0; i < t.shape(0); ++i) squares += (t(i, j) - mean) * (t(i, j) - mean);
      const double sd = std::sqrt(squares / rows);
      CHECK(std::abs(mean) < 1e-12);
      CHECK(std::abs(sd - 1.0) < 1e-12);
    }
  }
}

TEST_CASE("data: Standardizer rejects the wrong column count and no rows", "[data]") {
  const tinynn::Standardizer s = tinynn::Standardizer::fit(tinynn::from_rows({{1, 2}, {3, 4}}));
  CHECK_THROWS_AS(s.transform(tinynn::zeros(2, 3)), std::invalid_argument);
  CHECK_THROWS_AS(s.transform(tinynn::zeros(2, 1)), std::invalid_argument);
  CHECK_THROWS_WITH(s.transform(tinynn::zeros(5, 3)), Contains("3") && Contains("2"));
  CHECK_NOTHROW(s.transform(tinynn::zeros(5, 2)));
  CHECK_THROWS_AS(tinynn::Standardizer::fit(tinynn::zeros(0, 2)), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// train_test_split
// ---------------------------------------------------------------------------------------

TEST_CASE("data: train_test_split sizes and rows on breast_cancer", "[data]") {
  const tinynn::Dataset d = tinynn::load_csv(source_path("datasets/breast_cancer.csv"));
  tinynn::Rng rng(42);
  const auto [train, test] = tinynn::train_test_split(d, 0.2, rng);
  CHECK(test.size() == 114);
  CHECK(train.size() == 455);
  CHECK(test.y.shape(0) == 114);
  CHECK(train.y.shape(0) == 455);
  CHECK(train.features() == 30);
  CHECK(test.features() == 30);
  CHECK(train.feature_names == d.feature_names);
  CHECK(test.target_name == "benign");
  CHECK(train.source == d.source);

  // train ∪ test is exactly the original multiset of rows: none lost, none duplicated.
  const auto original = sorted_rows({&d});
  const auto both = sorted_rows({&train, &test});
  REQUIRE(both.size() == original.size());
  CHECK(both == original);
  // The data set has no duplicate rows, so neither does the union.
  CHECK(std::set<std::vector<double>>(both.begin(), both.end()).size() == 569);
  // It is shuffled: the test part is not just the first 114 rows.
  bool is_prefix = true;
  for (std::size_t i = 0; i < test.size() && is_prefix; ++i) {
    for (std::size_t j = 0; j < 30; ++j) is_prefix = is_prefix && test.x(i, j) == d.x(i, j);
  }
  CHECK_FALSE(is_prefix);
}

TEST_CASE("data: train_test_split is reproducible by seed", "[data]") {
  const tinynn::Dataset d = tinynn::load_csv(source_path("datasets/breast_cancer.csv"));
  tinynn::Rng a(7), b(7), c(8);
  const auto [train_a, test_a] = tinynn::train_test_split(d, 0.25, a);
  const auto [train_b, test_b] = tinynn::train_test_split(d, 0.25, b);
  const auto [train_c, test_c] = tinynn::train_test_split(d, 0.25, c);
  CHECK(same(train_a.x, train_b.x));
  CHECK(same(train_a.y, train_b.y));
  CHECK(same(test_a.x, test_b.x));
  CHECK(same(test_a.y, test_b.y));
  CHECK_FALSE(same(test_a.x, test_c.x));
  CHECK_FALSE(same(train_a.x, train_c.x));
}

TEST_CASE("data: train_test_split keeps at least one sample in each part", "[data]") {
  tinynn::Dataset d;
  d.x = tinynn::from_rows({{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}});
  d.y = tinynn::from_rows({{0}, {1}, {0}, {1}, {0}, {1}, {0}, {1}, {0}, {1}});
  tinynn::Rng rng(3);
  {
    const auto [train, test] = tinynn::train_test_split(d, 0.001, rng);
    CHECK(test.size() == 1);
    CHECK(train.size() == 9);
  }
  {
    const auto [train, test] = tinynn::train_test_split(d, 0.999, rng);
    CHECK(test.size() == 9);
    CHECK(train.size() == 1);
  }
  {
    const auto [train, test] = tinynn::train_test_split(d, 0.3, rng);
    CHECK(test.size() == 3);
    CHECK(train.size() == 7);
    // Each sample keeps its own target: y = x mod 2.
    for (const tinynn::Dataset* part : {&train, &test}) {
      for (std::size_t i = 0; i < part->size(); ++i) {
        CHECK(part->y(i, 0) == std::fmod(part->x(i, 0), 2.0));
      }
    }
  }
}

TEST_CASE("data: train_test_split rejects bad fractions and too few samples", "[data]") {
  const tinynn::Dataset d = tinynn::load_csv(bad_input("xor_ok.csv"));
  tinynn::Rng rng(1);
  for (const double f : {0.0, 1.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity()}) {
    INFO("fraction " << f);
    CHECK_THROWS_AS(tinynn::train_test_split(d, f, rng), std::invalid_argument);
  }
  CHECK_NOTHROW(tinynn::train_test_split(d, 0.5, rng));
  tinynn::Dataset one;
  one.x = tinynn::from_rows({{1, 2}});
  one.y = tinynn::from_rows({{1}});
  CHECK_THROWS_AS(tinynn::train_test_split(one, 0.5, rng), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// Rng and permutation
// ---------------------------------------------------------------------------------------

TEST_CASE("data: permutation is a permutation of 0..n-1", "[data]") {
  tinynn::Rng rng(2024);
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3},
                              std::size_t{10}, std::size_t{1000}}) {
    INFO("n = " << n);
    std::vector<std::size_t> p = tinynn::permutation(n, rng);
    REQUIRE(p.size() == n);
    const std::vector<std::size_t> shuffled = p;
    std::sort(p.begin(), p.end());
    std::vector<std::size_t> expected(n);
    std::iota(expected.begin(), expected.end(), std::size_t{0});
    CHECK(p == expected);
    if (n >= 10) CHECK(shuffled != expected);  // really shuffled
  }
  tinynn::Rng a(5), b(5);
  CHECK(tinynn::permutation(50, a) == tinynn::permutation(50, b));
}

TEST_CASE("data: Rng(0) gives the splitmix64 stream", "[data]") {
  // Computed independently (Python) from the splitmix64 definition.
  tinynn::Rng rng(0);
  CHECK(rng.next_u64() == 0xE220A8397B1DCDAFULL);
  CHECK(rng.next_u64() == 0x6E789E6AA1B965F4ULL);
  CHECK(rng.next_u64() == 0x06C45D188009454FULL);
  tinynn::Rng a(99), b(99), c(100);
  const std::uint64_t a1 = a.next_u64();
  CHECK(a1 == b.next_u64());
  CHECK(a1 != c.next_u64());
}

TEST_CASE("data: Rng uniform is the top 53 bits times 2^-53", "[data]") {
  tinynn::Rng u(0), raw(0);
  CHECK(u.uniform() == 0.8833108082136426);  // (0xE220A8397B1DCDAF >> 11) · 2⁻⁵³
  (void)raw.next_u64();
  for (int i = 0; i < 1000; ++i) {
    const double expected = static_cast<double>(raw.next_u64() >> 11) * 0x1.0p-53;
    const double got = u.uniform();
    INFO("draw " << i);
    CHECK(got == expected);
    CHECK(got >= 0.0);
    CHECK(got < 1.0);
  }
  tinynn::Rng r(17);
  for (int i = 0; i < 1000; ++i) {
    const double v = r.uniform(-3.0, 5.0);
    CHECK(v >= -3.0);
    CHECK(v < 5.0);
  }
}

TEST_CASE("data: Rng below stays in range and rejects 0", "[data]") {
  tinynn::Rng rng(11);
  for (const std::uint64_t n :
       {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}, std::uint64_t{7},
        std::uint64_t{1000}, (std::uint64_t{1} << 63) + 1, UINT64_MAX}) {
    INFO("n = " << n);
    for (int i = 0; i < 200; ++i) CHECK(rng.below(n) < n);
  }
  for (int i = 0; i < 20; ++i) CHECK(rng.below(1) == 0);
  // Every value of a small range turns up.
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) ++seen[rng.below(7)];
  for (std::size_t k = 0; k < 7; ++k) {
    INFO("value " << k);
    CHECK(seen[k] > 800);
    CHECK(seen[k] < 1200);
  }
  CHECK_THROWS_AS(rng.below(0), std::invalid_argument);
}

TEST_CASE("data: Rng normal has mean 0 and variance 1", "[data]") {
  tinynn::Rng rng(314159);
  const int n = 100000;
  double sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    const double v = rng.normal();
    REQUIRE(std::isfinite(v));
    sum += v;
    squares += v * v;
  }
  const double mean = sum / n;
  const double variance = squares / n - mean * mean;
  INFO("mean " << mean << ", variance " << variance);
  CHECK(std::abs(mean) < 0.02);
  CHECK(std::abs(variance - 1.0) < 0.03);
}

// ---------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------

TEST_CASE("data: binary_metrics on a hand-made example", "[data]") {
  //                 tp   fp   tp   fn   tn   tp   tn   fn
  const tinynn::Tensor p =
      tinynn::from_rows({{0.9}, {0.6}, {0.5}, {0.4}, {0.1}, {0.7}, {0.2}, {0.49}});
  const tinynn::Tensor t = tinynn::from_rows({{1}, {0}, {1}, {1}, {0}, {1}, {0}, {1}});
  const tinynn::BinaryMetrics m = tinynn::binary_metrics(p, t);
  CHECK(m.true_positive == 3);
  CHECK(m.false_positive == 1);
  CHECK(m.true_negative == 2);
  CHECK(m.false_negative == 2);
  CHECK(m.accuracy == 5.0 / 8.0);
  CHECK(m.precision == 3.0 / 4.0);
  CHECK(m.recall == 3.0 / 5.0);
}

TEST_CASE("data: binary_metrics is 0 for precision with no positive predictions", "[data]") {
  const tinynn::Tensor p = tinynn::from_rows({{0.1}, {0.2}, {0.3}});
  const tinynn::Tensor t = tinynn::from_rows({{1}, {0}, {1}});
  const tinynn::BinaryMetrics m = tinynn::binary_metrics(p, t);
  CHECK(m.true_positive == 0);
  CHECK(m.false_positive == 0);
  CHECK(m.true_negative == 1);
  CHECK(m.false_negative == 2);
  CHECK(m.precision == 0.0);
  CHECK_FALSE(std::isnan(m.precision));
  CHECK(m.recall == 0.0);
  CHECK(m.accuracy == 1.0 / 3.0);

  // No positives in the targets: recall 0, not NaN.
  const tinynn::BinaryMetrics none =
      tinynn::binary_metrics(tinynn::from_rows({{0.8}, {0.1}}), tinynn::from_rows({{0}, {0}}));
  CHECK(none.false_positive == 1);
  CHECK(none.true_negative == 1);
  CHECK(none.recall == 0.0);
  CHECK(none.precision == 0.0);
  CHECK(none.accuracy == 0.5);
}

TEST_CASE("data: binary_metrics rejects a shape mismatch", "[data]") {
  CHECK_THROWS_AS(tinynn::binary_metrics(tinynn::zeros(3, 1), tinynn::zeros(4, 1)),
                  std::invalid_argument);
  CHECK_THROWS_AS(tinynn::binary_metrics(tinynn::zeros(3, 1), tinynn::zeros(1, 3)),
                  std::invalid_argument);
  CHECK_THROWS_WITH(tinynn::binary_metrics(tinynn::zeros(3, 1), tinynn::zeros(4, 1)),
                    Contains("3x1") && Contains("4x1"));
}

TEST_CASE("data: find_non_finite names the first bad row and column", "[data]") {
  tinynn::Tensor t = tinynn::zeros(3, 4);
  CHECK(tinynn::find_non_finite(t) == "");
  t(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THAT(tinynn::find_non_finite(t), Contains("row 1, column 2") && Contains("nan"));
  t(2, 0) = std::numeric_limits<double>::infinity();
  CHECK_THAT(tinynn::find_non_finite(t), Contains("row 1, column 2"));  // the first one
  t(1, 2) = 1.0;
  CHECK_THAT(tinynn::find_non_finite(t), Contains("row 2, column 0") && Contains("inf"));
  t(2, 0) = -std::numeric_limits<double>::infinity();
  CHECK_THAT(tinynn::find_non_finite(t), Contains("row 2, column 0") && Contains("-inf"));
  t(2, 0) = std::numeric_limits<double>::max();
  CHECK(tinynn::find_non_finite(t) == "");
}

TEST_CASE("data: load_csv refuses a directory and a device instead of hanging on them", "[data]") {
  TempDir dir;
  CHECK_THROWS_WITH(tinynn::load_csv(dir.path()), Contains(dir.path() + ": ") && Contains("it is a directory"));
  CHECK_THROWS_WITH(tinynn::load_csv("/dev/zero"), Contains("/dev/zero: ") && Contains("not a regular file"));
}

TEST_CASE("data: a missing relative path names the current directory it was looked for in", "[data]") {
  CHECK_THROWS_WITH(tinynn::load_csv("no/such/file.csv"),
                    Contains("no/such/file.csv: cannot open the file for reading: no such file") &&
                        Contains("current directory"));
}
