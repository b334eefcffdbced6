// Reading IDX files (MNIST, Fashion-MNIST), plain or gzipped, with errors that say which byte
// is wrong (see idx.hpp).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <zlib.h>

#include "tinynn/data/idx.hpp"

namespace tinynn {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw InputError(path + ": " + what);
}

std::string hex_bytes(const std::uint8_t* bytes, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) s += ' ';
    s += digits[bytes[i] >> 4];
    s += digits[bytes[i] & 0xF];
  }
  return s;
}

std::string dims_str(const std::vector<std::uint32_t>& dims) {
  std::string s;
  for (const std::uint32_t d : dims) s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

// The bytes of a file, decompressed if it is gzip. Every read error becomes an InputError.
class ByteSource {
 public:
  explicit ByteSource(const std::string& path) : path_(path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
      fail(path, std::string("cannot open the file for reading (") + std::strerror(errno) + ")");
    }
    plain_.reset(f);
    // gzip is told by its magic bytes 1f 8b, not by the name: a .gz may have been unpacked
    // by hand and kept its name, and MNIST mirrors serve both forms.
    unsigned char magic[2] = {0, 0};
    const std::size_t got = std::fread(magic, 1, 2, f);
    if (std::ferror(f)) fail(path, std::string("read error (") + std::strerror(errno) + ")");
    if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
      plain_.reset();
      gz_ = gzopen(path.c_str(), "rb");
      if (gz_ == nullptr) {
        fail(path, std::string("cannot open the gzip file for reading (") +
                       (errno != 0 ? std::strerror(errno) : "out of memory") + ")");
      }
      gzbuffer(gz_, 1 << 17);  // 128 KiB of compressed input per read instead of 8 KiB
    } else {
      std::rewind(f);
    }
  }
  ~ByteSource() {
    if (gz_ != nullptr) gzclose(gz_);
  }
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  bool gzip() const { return gz_ != nullptr; }

  /// Offsets in messages count bytes of the IDX data, which in a gzip file is decompressed.
  std::string at(std::uint64_t offset) const {
    return "at byte " + std::to_string(offset) + (gzip() ? " of the decompressed data" : "");
  }

  /// Up to n bytes into buf; fewer only at the end of the data. Throws on a read error or a
  /// corrupt gzip stream.
  std::size_t read(std::uint8_t* buf, std::size_t n) {
    std::size_t total = 0;
    while (total < n) {
      const std::size_t want = std::min<std::size_t>(n - total, 1u << 20);
      std::size_t got = 0;
      if (gzip()) {
        const int r = gzread(gz_, buf + total, static_cast<unsigned>(want));
        if (r < 0) gz_fail();
        got = static_cast<std::size_t>(r);
      } else {
        got = std::fread(buf + total, 1, want, plain_.get());
        if (std::ferror(plain_.get())) {
          fail(path_, std::string("read error ") + at(offset_ + total) + " (" +
                          std::strerror(errno) + ")");
        }
      }
      total += got;
      if (got < want) break;  // the end of the data
    }
    offset_ += total;
    return total;
  }

  /// After the end of the data: a gzip stream must have ended cleanly (its CRC checked),
  /// not in mid-stream.
  void check_stream_complete() {
    if (!gzip()) return;
    int code = Z_OK;
    const std::string message = zlib_message(&code);
    if (code == Z_BUF_ERROR) {
      fail(path_, "the gzip stream is cut short after " + std::to_string(offset_) +
                      " bytes of decompressed data (zlib: " + message + ")");
    }
    if (code != Z_OK) gz_fail();
  }

 private:
  // zlib's error text, without the "PATH: " it puts in front (fail() adds the path).
  std::string zlib_message(int* code) const {
    std::string message = gzerror(gz_, code);
    const std::string prefix = path_ + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
    return message;
  }

  // No byte offset here: zlib inflates ahead of what was asked for, so the decompressed
  // position of the damage is unknown (a bad CRC, for one, is only seen at the end).
  [[noreturn]] void gz_fail() {
    int code = Z_OK;
    const std::string message = zlib_message(&code);
    if (code == Z_ERRNO) fail(path_, "read error (" + message + ")");
    fail(path_, "corrupt gzip stream (zlib: " + message + ")");
  }

  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> plain_;
  gzFile gz_ = nullptr;
  std::uint64_t offset_ = 0;
};

// IDX type codes: tinynn reads only unsigned bytes; the others are named in the message.
std::string type_name(std::uint8_t code) {
  switch (code) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "32-bit float";
    case 0x0E: return "64-bit float";
    default: return "";
  }
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  ByteSource in(path);
  const std::string file = in.gzip() ? "decompressed data" : "file";

  // The magic number: 00 00 <type code> <number of dims>.
  std::uint8_t magic[4] = {0, 0, 0, 0};
  const std::size_t got_magic = in.read(magic, 4);
  if (got_magic == 0) {
    in.check_stream_complete();
    fail(path, "the " + file + " is empty (expected an IDX header)");
  }
  if (magic[0] != 0 || magic[1] != 0) {
    fail(path, "not an IDX file: the " + file + " starts with " + hex_bytes(magic, got_magic) +
                   ", expected the magic number 00 00 <type> <dims> (00 00 08 03 for images, "
                   "00 00 08 01 for labels)");
  }
  if (got_magic < 4) {
    in.check_stream_complete();
    fail(path, "truncated: the " + file + " ends after " + std::to_string(got_magic) +
                   " bytes, inside the 4-byte IDX magic number");
  }
  const std::uint8_t type = magic[2];
  if (type != 0x08) {
    const std::string name = type_name(type);
    fail(path, "unsupported IDX data type code 0x" + hex_bytes(&type, 1) +
                   (name.empty() ? " (not a type code of the IDX format)" : " (" + name + ")") +
                   " at byte 2: tinynn reads only 0x08, unsigned bytes");
  }
  const std::size_t ndims = magic[3];
  if (ndims == 0) fail(path, "the IDX header at byte 3 says 0 dimensions: there is no data");

  // One big-endian uint32 per dimension.
  std::vector<std::uint8_t> size_bytes(4 * ndims);
  const std::size_t got_sizes = in.read(size_bytes.data(), size_bytes.size());
  if (got_sizes < size_bytes.size()) {
    in.check_stream_complete();
    fail(path, "truncated: the " + file + " ends after " + std::to_string(4 + got_sizes) +
                   " bytes, inside the header (" + std::to_string(ndims) +
                   " dimensions need " + std::to_string(4 + 4 * ndims) + " bytes)");
  }
  IdxArray a;
  std::uint64_t elements = 1;
  const std::uint64_t max_elements = std::uint64_t{1} << 31;
  for (std::size_t k = 0; k < ndims; ++k) {
    const std::uint8_t* b = &size_bytes[4 * k];
    const std::uint32_t d = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                            (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
    a.dims.push_back(d);
    if (d == 0) {
      fail(path, "dimension " + std::to_string(k + 1) + " of " + std::to_string(ndims) +
                     " (at byte " + std::to_string(4 + 4 * k) + ") is 0: " +
                     (k == 0 ? "no samples" : "every sample is empty"));
    }
    // elements ≤ 2³¹ and d < 2³² before this product, so it cannot overflow 64 bits.
    elements *= d;
    if (elements > max_elements) {
      std::string so_far;
      for (std::size_t j = 0; j <= k; ++j) {
        so_far += (j > 0 ? "x" : "") + std::to_string(a.dims[j]);
      }
      fail(path, "the IDX header's sizes " + so_far + (k + 1 < ndims ? "x..." : "") +
                     " multiply to more than 2^31 elements: too large to load");
    }
  }

  // The data, read in chunks so that a short file is found before a large allocation.
  const std::size_t header = 4 + 4 * ndims;
  const std::size_t n = static_cast<std::size_t>(elements);
  const std::size_t chunk = std::size_t{1} << 24;  // 16 MiB
  a.data.reserve(std::min(n, chunk));
  while (a.data.size() < n) {
    const std::size_t have = a.data.size();
    const std::size_t want = std::min(n - have, chunk);
    a.data.resize(have + want);
    const std::size_t got = in.read(a.data.data() + have, want);
    if (got < want) {
      in.check_stream_complete();
      fail(path, "truncated: the header (" + std::to_string(ndims) + "-D, " + dims_str(a.dims) +
                     ") promises " + std::to_string(n) + " bytes of data " + in.at(header) +
                     ", but the " + file + " ends after " + std::to_string(have + got) +
                     " of them");
    }
  }

  // Nothing may follow: extra bytes mean the header and the data disagree.
  std::uint64_t trailing = 0;
  std::uint8_t scratch[4096];
  while (true) {
    const std::size_t got = in.read(scratch, sizeof scratch);
    trailing += got;
    if (got < sizeof scratch) break;
  }
  in.check_stream_complete();
  if (trailing > 0) {
    fail(path, std::to_string(trailing) + " trailing byte" + (trailing == 1 ? "" : "s") +
                   " after the data, which ends " + in.at(header + n) + " (" +
                   std::to_string(ndims) + "-D, " + dims_str(a.dims) + ")");
  }
  return a;
}

Dataset load_idx(const std::string& images_path, const std::string& labels_path, double scale) {
  if (!std::isfinite(scale)) {
    throw std::invalid_argument("load_idx: scale must be a finite number, got " +
                                std::to_string(scale));
  }
  const IdxArray images = read_idx(images_path);
  if (images.dims.size() != 3) {
    fail(images_path, "expected images, a 3-D IDX file (N x rows x cols), but it is " +
                          std::to_string(images.dims.size()) + "-D (" + dims_str(images.dims) +
                          ")" + (images.dims.size() == 1 ? ": is it a labels file?" : ""));
  }
  const IdxArray labels = read_idx(labels_path);
  if (labels.dims.size() != 1) {
    fail(labels_path, "expected labels, a 1-D IDX file (N), but it is " +
                          std::to_string(labels.dims.size()) + "-D (" + dims_str(labels.dims) +
                          ")" + (labels.dims.size() == 3 ? ": is it an images file?" : ""));
  }
  const std::size_t n = images.dims[0];
  if (labels.dims[0] != n) {
    fail(images_path, "has " + std::to_string(n) + " images but " + labels_path + " has " +
                          std::to_string(labels.dims[0]) +
                          " labels: there must be one label per image");
  }

  const std::size_t pixels = std::size_t{images.dims[1]} * images.dims[2];
  Dataset d;
  d.source = images_path;
  d.x = Tensor::from_shape({n, pixels});
  d.y = Tensor::from_shape({n, 1});
  double* x = d.x.data();
  for (std::size_t i = 0; i < images.data.size(); ++i) x[i] = images.data[i] * scale;
  for (std::size_t i = 0; i < n; ++i) d.y(i, 0) = labels.data[i];
  d.feature_names.reserve(pixels);
  for (std::size_t p = 0; p < pixels; ++p) d.feature_names.push_back("pixel_" + std::to_string(p));
  d.target_name = "label";
  return d;
}

}  // namespace tinynn
