// Writing output files so that nothing is ever half-written: the content goes to a temporary
// file in the same folder, which is then renamed over the target in one step. If anything
// fails, the old file (if any) is untouched and the temporary file is removed.
#pragma once

#include <string>

namespace tinynn {

/// Write `content` to `path` atomically. Throws IoError naming the path and the reason.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace tinynn
