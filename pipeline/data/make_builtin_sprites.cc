// Renders the built-in sprites (sprites.h) and writes them as an .npz in dSprites' layout.
//   make_builtin_sprites --output=builtin_sprites.npz
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/io/exit_code.h"
#include "pipeline/data/sprites.h"

ABSL_FLAG(std::string, output, "", "Where to write the .npz (atomically).");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string output = absl::GetFlag(FLAGS_output);
  if (output.empty()) {
    std::fprintf(stderr, "make_builtin_sprites: --output is required\n");
    return 2;
  }
  return lambdabeta::ExitCode("make_builtin_sprites", lambdabeta::data::WriteBuiltinSpritesNpz(
                                                          output, /*show_progress=*/true));
}
