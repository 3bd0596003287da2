// Test-only: what this process has mapped, from the kernel's own lists (/proc/self/maps and
// smaps), so that tests can check that a map exists while it should, how it was advised, and
// that it is gone afterwards.
#ifndef LAMBDABETA_COMMON_IO_PROCESS_MAPS_H_
#define LAMBDABETA_COMMON_IO_PROCESS_MAPS_H_

#include <filesystem>
#include <fstream>
#include <string>

namespace lambdabeta {

// How many of this process's mappings are of `file` (the kernel names files by their
// canonical path).
inline int MappingsOf(const std::string& file) {
  const std::string path = std::filesystem::canonical(file).string();
  std::ifstream maps("/proc/self/maps");
  int count = 0;
  for (std::string line; std::getline(maps, line);) {
    if (line.size() >= path.size() &&
        line.compare(line.size() - path.size(), path.size(), path) == 0) {
      ++count;
    }
  }
  return count;
}

// The kernel's flags of this process's first mapping of `file` ("rd mr me sd rr": "rr" means
// random reads were advised), or "" if it has none.
inline std::string VmFlagsOf(const std::string& file) {
  const std::string path = std::filesystem::canonical(file).string();
  std::ifstream smaps("/proc/self/smaps");
  bool in_file = false;
  for (std::string line; std::getline(smaps, line);) {
    const bool is_header = line.find(':') == std::string::npos || line.find('-') < line.find(' ');
    if (line.rfind("VmFlags:", 0) == 0) {
      if (in_file) return line.substr(8);
    } else if (is_header) {
      in_file = line.size() >= path.size() &&
                line.compare(line.size() - path.size(), path.size(), path) == 0;
    }
  }
  return "";
}

}  // namespace lambdabeta

#endif  // LAMBDABETA_COMMON_IO_PROCESS_MAPS_H_
