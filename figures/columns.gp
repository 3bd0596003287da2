# Columns by name, for every figure (style.gp loads this; datasets.gp and require_columns.gp too,
# for scripts that read their data before style). A table names its columns in one line:
#   - tab-separated tables (pipeline/aggregate): the last '#' line before the rows, "# a<TAB>b";
#   - whitespace-separated tables (pipeline/linear, gnuplot's `columnheaders`) and the tables of
#     table.gp: the first line that is not a '#' comment.
# Scripts look a column up instead of counting, e.g.
#   h = header(fig4); plot fig4 using (column(col(h, "beta"))):(column(col(h, "mig_mean")))
# and `call "figures/require_columns.gp" fig4 "beta mig_mean"` first, so that a table without
# one of them stops the figure with an error naming the file and the column.
header(file) = system(sprintf("awk '/^#/ { comment = $0; next } " . \
  "{ print (comment ~ /\\t/ ? comment : $0); found = 1; exit } " . \
  "END { if (!found && comment ~ /\\t/) print comment }' '%s' | sed 's/^# *//' | tr '\\t' ' '", file))
col(h, name) = sum [k=1:words(h)] (word(h, k) eq name ? k : 0)
