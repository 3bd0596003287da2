// Where a member of a zip archive lies in the file, from the archive's central directory and
// the member's local header (zip64 records and extra fields included). libzip reads these but
// (as of 1.7) does not expose a member's data offset, which mapping a stored member needs.
// Format: PKWARE APPNOTE.TXT, sections 4.3.7 (local header), 4.3.12 (central directory),
// 4.3.14-16 (zip64 end records) and 4.5.3 (zip64 extra field).
#ifndef LAMBDABETA_PIPELINE_DATA_ZIP_DIRECTORY_H_
#define LAMBDABETA_PIPELINE_DATA_ZIP_DIRECTORY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace lambdabeta::data {

struct ZipMemberLocation {
  uint16_t method = 0;  // 0: stored, 8: deflated
  uint16_t flags = 0;   // general purpose bits; bit 0: encrypted
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;  // bytes of member data in the file
  uint64_t uncompressed_size = 0;
  uint64_t local_header_offset = 0;
  uint64_t data_offset = 0;  // the member's first data byte: after its local header
};

// Finds member `member_name` (its name as stored, byte for byte) in the central directory of
// the zip archive at `path` and reads its local header. Errors name the file: NotFound (no
// such file or member), DataLoss (not a zip archive, or a malformed or truncated one).
// Only the end records, the central directory and one local header are read.
absl::StatusOr<ZipMemberLocation> LocateZipMember(const std::string& path,
                                                  const std::string& member_name);

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_ZIP_DIRECTORY_H_
