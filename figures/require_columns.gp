# call "figures/require_columns.gp" <file> "<name> <name> ...": stops the figure with an error if
# <file>'s header (figures/columns.gp: header, col) lacks one of the names.
load "figures/columns.gp"
required_header = header(ARG1)
do for [required_k=1:words(ARG2)] {
  if (col(required_header, word(ARG2, required_k)) == 0) {
    exit error sprintf("%s: no column '%s' (its columns: %s)", ARG1, word(ARG2, required_k), \
                       required_header)
  }
}
