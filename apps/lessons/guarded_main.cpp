// Exit codes shared by every app: 0 success, 1 internal error, 2 bad input, 3 training diverged,
// 4 I/O failure.
#include <exception>
#include <iostream>

#include "lessons.hpp"

namespace tinynn::apps {

int guarded_main(const char* program, int (*body)(int, char**), int argc, char** argv) {
  try {
    const int status = body(argc, argv);
    // Output that could not be written (a full disk, a closed pipe) is a failure, not success.
    if (!std::cout.flush()) {
      std::cerr << program << ": I/O error: writing to standard output failed\n";
      return 4;
    }
    return status;
  } catch (const InputError& e) {
    std::cerr << program << ": error: " << e.what() << "\n";
    return 2;
  } catch (const TrainingDiverged& e) {
    std::cerr << program << ": training diverged: " << e.what() << "\n";
    return 3;
  } catch (const IoError& e) {
    std::cerr << program << ": I/O error: " << e.what() << "\n";
    return 4;
  } catch (const std::exception& e) {
    std::cerr << program << ": internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tinynn::apps
