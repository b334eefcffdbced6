// The IDX loader: small files written here byte by byte, plain and gzipped, every malformed
// case with its message, and the real Fashion-MNIST files when they are installed.
#include "helpers.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <zlib.h>

using Catch::Matchers::Contains;
using tinynn::test::TempDir;

namespace {

/// The bytes of an IDX file: 00 00 <type> <number of dims>, big-endian sizes, then data.
std::string idx_bytes(std::uint8_t type, const std::vector<std::uint32_t>& dims,
                      const std::vector<std::uint8_t>& data) {
  std::string s = {'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (const std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((d >> shift) & 0xFF);
  }
  for (const std::uint8_t b : data) s += static_cast<char>(b);
  return s;
}

// Three 2×3 images and their labels. The pixels include 0, 255 and values whose /255 is not
// a short binary fraction, so a wrong scale or a transposed image shows.
const std::vector<std::uint8_t> kPixels = {
    0,   255, 1,   128, 17,  254,  // image 0: rows (0 255 1) and (128 17 254)
    3,   5,   7,   11,  13,  200,  // image 1
    100, 101, 102, 250, 251, 252,  // image 2
};
const std::vector<std::uint8_t> kLabels = {7, 0, 9};

std::string images_idx() { return idx_bytes(0x08, {3, 2, 3}, kPixels); }
std::string labels_idx() { return idx_bytes(0x08, {3}, kLabels); }

/// Write `content` gzip-compressed with zlib (as the MNIST .gz files are); returns the path.
std::string write_gz(const TempDir& dir, const std::string& name, const std::string& content) {
  const std::string file = dir.path() + "/" + name;
  gzFile gz = gzopen(file.c_str(), "wb");
  REQUIRE(gz != nullptr);
  if (!content.empty()) {
    REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) ==
            static_cast<int>(content.size()));
  }
  REQUIRE(gzclose(gz) == Z_OK);
  return file;
}

std::string gz_bytes(const TempDir& dir, const std::string& content) {
  const std::string file = write_gz(dir, "scratch.gz", content);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::filesystem::remove(file);
  return s.str();
}

/// The message of the InputError that f throws (a test failure if it throws nothing else).
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const tinynn::InputError& e) {
    return e.what();
  }
  FAIL("no tinynn::InputError was thrown");
  return "";
}

void check_dataset(const tinynn::Dataset& d, const std::string& images_path, double scale) {
  REQUIRE(d.x.shape(0) == 3);
  REQUIRE(d.x.shape(1) == 6);
  REQUIRE(d.y.shape(0) == 3);
  REQUIRE(d.y.shape(1) == 1);
  CHECK(d.size() == 3);
  CHECK(d.features() == 6);
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 6; ++j) {
      INFO("image " << i << " pixel " << j);
      CHECK(d.x(i, j) == kPixels[6 * i + j] * scale);  // the loader's own product: exact
    }
    CHECK(d.y(i, 0) == kLabels[i]);
  }
  CHECK(d.feature_names ==
        std::vector<std::string>{"pixel_0", "pixel_1", "pixel_2", "pixel_3", "pixel_4",
                                 "pixel_5"});
  CHECK(d.target_name == "label");
  CHECK(d.source == images_path);
}

}  // namespace

TEST_CASE("read_idx reads the sizes and bytes of an IDX file", "[idx]") {
  TempDir dir;
  const std::string images = dir.write("images-idx3-ubyte", images_idx());
  const tinynn::IdxArray a = tinynn::read_idx(images);
  CHECK(a.dims == std::vector<std::uint32_t>{3, 2, 3});
  CHECK(a.data == kPixels);

  const tinynn::IdxArray l = tinynn::read_idx(dir.write("labels-idx1-ubyte", labels_idx()));
  CHECK(l.dims == std::vector<std::uint32_t>{3});
  CHECK(l.data == kLabels);

  // Sizes are big-endian: 0x00010203 = 66051 must not come back byte-swapped.
  std::vector<std::uint8_t> one(66051, 42);
  const tinynn::IdxArray big =
      tinynn::read_idx(dir.write("big", idx_bytes(0x08, {66051, 1}, one)));
  CHECK(big.dims == std::vector<std::uint32_t>{66051, 1});
  CHECK(big.data.size() == 66051);
}

TEST_CASE("load_idx gives pixels times scale, labels, shapes and names", "[idx]") {
  TempDir dir;
  const std::string images = dir.write("train-images-idx3-ubyte", images_idx());
  const std::string labels = dir.write("train-labels-idx1-ubyte", labels_idx());

  SECTION("default scale 1/255") {
    const tinynn::Dataset d = tinynn::load_idx(images, labels);
    check_dataset(d, images, 1.0 / 255.0);
    CHECK(d.x(0, 0) == 0.0);
    CHECK(d.x(0, 1) == 1.0);  // 255 · (1/255) rounds to exactly 1
    CHECK(d.x(0, 3) == Approx(128.0 / 255.0).epsilon(1e-15));
  }
  SECTION("scale 1 keeps the raw bytes") {
    const tinynn::Dataset d = tinynn::load_idx(images, labels, 1.0);
    check_dataset(d, images, 1.0);
    CHECK(d.x(0, 1) == 255.0);
    CHECK(d.x(2, 5) == 252.0);
  }
  SECTION("a non-finite scale is a programming error") {
    CHECK_THROWS_AS(tinynn::load_idx(images, labels, std::nan("")), std::invalid_argument);
  }
}

TEST_CASE("load_idx reads gzipped files, told by their magic bytes and not their names",
          "[idx]") {
  TempDir dir;
  SECTION("named .gz, as Fashion-MNIST ships them") {
    const std::string images = write_gz(dir, "t10k-images-idx3-ubyte.gz", images_idx());
    const std::string labels = write_gz(dir, "t10k-labels-idx1-ubyte.gz", labels_idx());
    check_dataset(tinynn::load_idx(images, labels), images, 1.0 / 255.0);
    check_dataset(tinynn::load_idx(images, labels, 1.0), images, 1.0);
  }
  SECTION("gzipped without .gz, and plain with .gz") {
    const std::string images = write_gz(dir, "images.idx", images_idx());
    const std::string labels = dir.write("labels.idx.gz", labels_idx());
    check_dataset(tinynn::load_idx(images, labels, 1.0), images, 1.0);
    CHECK(tinynn::read_idx(images).data == kPixels);
    CHECK(tinynn::read_idx(labels).data == kLabels);
  }
  SECTION("two concatenated gzip members read as one stream (as gunzip does)") {
    const std::string whole = images_idx();
    const std::string two = gz_bytes(dir, whole.substr(0, 10)) + gz_bytes(dir, whole.substr(10));
    const tinynn::IdxArray a = tinynn::read_idx(dir.write("two-members.gz", two));
    CHECK(a.data == kPixels);
  }
}

TEST_CASE("read_idx rejects a file that is not IDX, naming the bytes found", "[idx]") {
  TempDir dir;
  SECTION("a zip file") {
    const std::string path = dir.write("images.zip", std::string("PK\x03\x04", 4) + "rest");
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": not an IDX file") && Contains("starts with 50 4b 03 04") &&
                      Contains("expected the magic number 00 00"));
  }
  SECTION("a CSV file inside a gzip file") {
    const std::string path = write_gz(dir, "data.gz", "x1,x2,y\n0,0,0\n");
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": not an IDX file") &&
                      Contains("decompressed data starts with 78 31 2c 78"));
  }
  SECTION("an empty file") {
    const std::string path = dir.write("empty", "");
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": the file is empty"));
  }
  SECTION("a file of 3 bytes") {
    const std::string path = dir.write("short", std::string("\0\0\x08", 3));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": truncated") && Contains("ends after 3 bytes") &&
                      Contains("magic number"));
  }
}

TEST_CASE("read_idx rejects every type code but 0x08, unsigned byte", "[idx]") {
  TempDir dir;
  SECTION("0x0D, float") {
    const std::string path = dir.write("floats", idx_bytes(0x0D, {1}, {0, 0, 0, 0}));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": unsupported IDX data type code 0x0d (32-bit float)") &&
                      Contains("only 0x08, unsigned bytes"));
  }
  SECTION("0x07, not an IDX type at all") {
    const std::string path = dir.write("seven", idx_bytes(0x07, {1}, {0}));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": unsupported IDX data type code 0x07") &&
                      Contains("not a type code of the IDX format"));
  }
}

TEST_CASE("read_idx rejects a header of no dimensions, a zero size or an absurd size",
          "[idx]") {
  TempDir dir;
  SECTION("0 dimensions") {
    const std::string path = dir.write("scalar", idx_bytes(0x08, {}, {5}));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": the IDX header at byte 3 says 0 dimensions"));
  }
  SECTION("0 samples") {
    const std::string path = dir.write("none", idx_bytes(0x08, {0, 28, 28}, {}));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": dimension 1 of 3 (at byte 4) is 0: no samples"));
  }
  SECTION("empty images") {
    const std::string path = dir.write("flat", idx_bytes(0x08, {5, 0, 28}, {}));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": dimension 2 of 3 (at byte 8) is 0: every sample is empty"));
  }
  SECTION("2^32 elements, refused before any allocation") {
    const std::string path = dir.write("huge", idx_bytes(0x08, {65536, 65536, 1}, {1, 2, 3}));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": the IDX header's sizes 65536x65536x...") &&
                      Contains("more than 2^31 elements"));
  }
  SECTION("sizes whose product overflows 64 bits") {
    const std::string path = dir.write(
        "overflow", idx_bytes(0x08, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, {}));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": the IDX header's sizes 4294967295x...") &&
                      Contains("more than 2^31 elements"));
  }
}

TEST_CASE("read_idx rejects a file that ends early or goes on after its data", "[idx]") {
  TempDir dir;
  const std::string whole = images_idx();  // 16 header bytes + 18 data bytes
  SECTION("data cut short") {
    const std::string path = dir.write("cut", whole.substr(0, 16 + 10));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": truncated: the header (3-D, 3x2x3) promises 18 bytes of "
                                  "data at byte 16, but the file ends after 10 of them"));
  }
  SECTION("header cut short") {
    const std::string path = dir.write("cut-header", whole.substr(0, 9));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": truncated: the file ends after 9 bytes, inside the header "
                                  "(3 dimensions need 16 bytes)"));
  }
  SECTION("trailing bytes") {
    const std::string path = dir.write("long", whole + "\x01\x02");
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": 2 trailing bytes after the data, which ends at byte 34 "
                                  "(3-D, 3x2x3)"));
  }
  SECTION("trailing bytes inside a gzip stream") {
    const std::string path = write_gz(dir, "long.gz", whole + "\x01");
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": 1 trailing byte after the data, which ends at byte 34 of "
                                  "the decompressed data"));
  }
  SECTION("data cut short inside a complete gzip stream") {
    const std::string path = write_gz(dir, "cut.gz", whole.substr(0, 20));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": truncated") &&
                      Contains("promises 18 bytes of data at byte 16 of the decompressed data") &&
                      Contains("decompressed data ends after 4 of them"));
  }
}

TEST_CASE("read_idx rejects a corrupt or cut gzip stream with zlib's message", "[idx]") {
  TempDir dir;
  const std::string gz = gz_bytes(dir, images_idx());
  REQUIRE(gz.size() > 20);
  SECTION("a valid gzip header, then garbage") {
    const std::string header("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
    const std::string path = dir.write("garbage.gz", header + std::string(40, '\xff'));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": corrupt gzip stream") &&
                      Contains("(zlib: invalid block type)"));
  }
  SECTION("a wrong CRC") {
    std::string bad = gz;
    bad[bad.size() - 8] = static_cast<char>(bad[bad.size() - 8] ^ 0x55);  // CRC-32's first byte
    const std::string path = dir.write("bad-crc.gz", bad);
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": corrupt gzip stream") &&
                      Contains("(zlib: incorrect data check)"));
  }
  SECTION("the compressed data cut in the middle") {
    const std::string path = dir.write("half.gz", gz.substr(0, gz.size() / 2));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": the gzip stream is cut short") &&
                      Contains("(zlib: unexpected end of file)"));
  }
  SECTION("only the 8-byte trailer missing: every byte is there, but unchecked") {
    const std::string path = dir.write("no-trailer.gz", gz.substr(0, gz.size() - 8));
    const std::string m = input_error([&] { tinynn::read_idx(path); });
    INFO(m);
    CHECK_THAT(m, Contains(path + ": the gzip stream is cut short after 34 bytes") &&
                      Contains("(zlib: unexpected end of file)"));
  }
}

TEST_CASE("read_idx names a file that cannot be opened or read", "[idx]") {
  TempDir dir;
  const std::string path = dir.path() + "/no-such-file.gz";
  const std::string m = input_error([&] { tinynn::read_idx(path); });
  INFO(m);
  CHECK_THAT(m, Contains(path + ": cannot open the file for reading (No such file or directory)"));
  const std::string images = dir.write("images", images_idx());
  const std::string m2 = input_error([&] { tinynn::load_idx(images, path); });
  CHECK_THAT(m2, Contains(path + ": cannot open"));
  const std::string m3 = input_error([&] { tinynn::read_idx(dir.path()); });
  CHECK_THAT(m3, Contains(dir.path() + ": read error (Is a directory)"));
}

TEST_CASE("load_idx rejects files of the wrong shape or mismatched counts", "[idx]") {
  TempDir dir;
  const std::string images = dir.write("images", images_idx());
  const std::string labels = dir.write("labels", labels_idx());
  SECTION("labels given as images") {
    const std::string m = input_error([&] { tinynn::load_idx(labels, labels); });
    INFO(m);
    CHECK_THAT(m, Contains(labels + ": expected images, a 3-D IDX file (N x rows x cols), but "
                                    "it is 1-D (3): is it a labels file?"));
  }
  SECTION("images given as labels") {
    const std::string m = input_error([&] { tinynn::load_idx(images, images); });
    INFO(m);
    CHECK_THAT(m, Contains(images + ": expected labels, a 1-D IDX file (N), but it is 3-D "
                                    "(3x2x3): is it an images file?"));
  }
  SECTION("2 labels for 3 images") {
    const std::string two = dir.write("two-labels", idx_bytes(0x08, {2}, {1, 2}));
    const std::string m = input_error([&] { tinynn::load_idx(images, two); });
    INFO(m);
    CHECK_THAT(m, Contains(images + ": has 3 images but " + two + " has 2 labels"));
  }
}

// The real data, when scripts/setup.sh --fashion-mnist has installed it (never required).
TEST_CASE("load_idx reads the real Fashion-MNIST files when they are installed",
          "[idx][fashion-mnist]") {
  const std::string dir = "/usr/share/datasets/fashion-mnist/";
  const std::string files[4] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
  for (const std::string& f : files) {
    if (!std::filesystem::exists(dir + f)) {
      WARN("skipped: " << dir << f << " is not installed (scripts/setup.sh --fashion-mnist)");
      return;
    }
  }
  struct Part {
    std::string images, labels;
    std::size_t n;
  };
  for (const Part& part : {Part{files[0], files[1], 60000}, Part{files[2], files[3], 10000}}) {
    INFO(part.images);
    const tinynn::Dataset d = tinynn::load_idx(dir + part.images, dir + part.labels);
    REQUIRE(d.x.shape(0) == part.n);
    REQUIRE(d.x.shape(1) == 784);
    REQUIRE(d.y.shape(0) == part.n);
    CHECK(d.feature_names.back() == "pixel_783");
    std::vector<std::size_t> count(10, 0);
    for (std::size_t i = 0; i < part.n; ++i) {
      const double label = d.y(i, 0);
      REQUIRE(label >= 0);
      REQUIRE(label <= 9);
      ++count[static_cast<std::size_t>(label)];
    }
    for (std::size_t c = 0; c < 10; ++c) CHECK(count[c] == part.n / 10);  // balanced classes
    double lo = 1, hi = 0;
    for (const double v : d.x) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    CHECK(lo == 0.0);
    CHECK(hi == 1.0);
  }
}
