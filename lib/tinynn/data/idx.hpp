// The IDX format of MNIST and Fashion-MNIST, read straight from the .gz files they ship as.
// An IDX file is big-endian: the magic number 00 00 <type code> <number of dims>, one uint32
// size per dimension, then the data in row-major order. Images are N×rows×cols, labels N.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinynn/data/dataset.hpp"

namespace tinynn {

/// The contents of an IDX file of unsigned bytes: its sizes, and its data in row-major order
/// (data.size() is the product of dims).
struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> data;
};

/// Read an IDX file of unsigned bytes (type code 0x08), plain or gzip-compressed: a file that
/// starts with the gzip magic bytes 1f 8b is decompressed with zlib, whatever its name.
/// Throws InputError "FILE: what is wrong", with the byte offset where one helps (in a gzip
/// file, the offset into the decompressed data), when the file cannot be opened or read, is
/// not IDX (the 4 bytes found are shown in hex), has another type code, has 0 dimensions or a
/// dimension of size 0 (no samples), promises more than 2³¹ elements, ends before its data
/// does, has bytes after it, or is a corrupt or cut-short gzip stream (zlib's message).
IdxArray read_idx(const std::string& path);

/// Load an image set and its labels, e.g. Fashion-MNIST's train-images-idx3-ubyte.gz and
/// train-labels-idx1-ubyte.gz. x is N×(rows·cols), each image flattened row by row, pixel
/// values times `scale` (the default maps 0…255 to 0…1); y is N×1, the labels as doubles.
/// feature_names are pixel_0 … pixel_<rows·cols−1>, target_name "label", source images_path.
/// Throws InputError as read_idx does, and when the images are not 3-D, the labels not 1-D,
/// or their sample counts differ; std::invalid_argument when scale is not finite.
Dataset load_idx(const std::string& images_path, const std::string& labels_path,
                 double scale = 1.0 / 255.0);

}  // namespace tinynn
