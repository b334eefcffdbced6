// Writing output files so that nothing is ever half-written: the content goes to a temporary
// file in the same folder, which is then renamed over the target in one step. If anything
// fails, the old file (if any) is untouched and the temporary file is removed.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tinynn {

/// Write `content` to `path` atomically. Throws IoError naming the path and the reason.
void write_file_atomically(const std::string& path, const std::string& content);

/// Write several files as one: every content goes to its temporary file first, and only when
/// all of them are written are they renamed into place. If one cannot be written, none of the
/// targets changes (a run's model file and history stay a matching pair).
void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files);

/// Fail early, before a long computation, if `path` could not be written: its folder must exist
/// and accept a new file (checked by creating and removing a temporary one), and `path` must
/// not be a directory. Throws IoError.
void check_writable(const std::string& path);

}  // namespace tinynn
