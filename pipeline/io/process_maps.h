// Test-only: what this process has mapped, from the kernel's own list (/proc/self/maps), so
// that tests can check that a map exists while it should and is gone afterwards.
#ifndef LAMBDABETA_PIPELINE_IO_PROCESS_MAPS_H_
#define LAMBDABETA_PIPELINE_IO_PROCESS_MAPS_H_

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

}  // namespace lambdabeta

#endif  // LAMBDABETA_PIPELINE_IO_PROCESS_MAPS_H_
