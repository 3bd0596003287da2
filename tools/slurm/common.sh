# Shared by submit.sh (on the login node) and job.sh (in the jobs): the plan, the Bazel flags of
# every job, the cache checks. Sourced, not run.

die() { echo "submit: error: $*" >&2; exit 2; }
log() { echo "submit: $*" >&2; }

known_tiers() {  # the tiers are the deep configs that exist: paper/config/<tier>.deep.pbtxt
  (cd "$1/paper/config" && ls *.deep.pbtxt | sed 's/\.deep\.pbtxt$//' | tr '\n' ' ')
}

default_tier() { sed -n 's/^DEFAULT_TIER = "\(.*\)"$/\1/p' "$1/paper/config/scale.bzl"; }

# A dead cache, a wrong URL or a read-only one fails here, before anything is queued: put a
# small blob under its SHA-256 (as Bazel's HTTP cache protocol stores blobs) and read it back.
check_cache() {
  local url=$1 probe digest got
  [[ "$url" =~ ^https?://[^/]+ ]] || die "--cache=$url: expected http://HOST:PORT (Bazel's HTTP cache protocol)"
  probe="lambdabeta-repro cache probe"
  digest=$(printf '%s' "$probe" | sha256sum | cut -d' ' -f1)
  curl -fsS --max-time 10 -X PUT --data-binary "$probe" "$url/cas/$digest" >/dev/null 2>"${TMPDIR:-/tmp}/submit-curl.$$" ||
    die "the cache at $url does not take uploads (PUT $url/cas/$digest: $(cat "${TMPDIR:-/tmp}/submit-curl.$$"))"
  got=$(curl -fsS --max-time 10 "$url/cas/$digest" 2>"${TMPDIR:-/tmp}/submit-curl.$$") ||
    die "the cache at $url does not serve what it stored (GET $url/cas/$digest: $(cat "${TMPDIR:-/tmp}/submit-curl.$$"))"
  rm -f "${TMPDIR:-/tmp}/submit-curl.$$"
  [[ "$got" == "$probe" ]] || die "the cache at $url returned other bytes than it stored"
}

# One line per model chain: "<dataset>/beta<b>_seed<s> TAB <its evaluation targets>". The
# evaluations depend on every chunk of the chain, so building them trains the whole chain.
plan_chains() {
  local tier=$1
  bazel query --noshow_progress "attr(name, '^$tier/[^/]+/beta[^_]+_seed[0-9]+_.*_eval\$', //pipeline/deep:*)" 2>/dev/null |
    sort | awk -v tier="$tier" '
      { chain = $0; sub("^//pipeline/deep:" tier "/", "", chain); sub("_(phase|lambda).*$", "", chain)
        if (!(chain in targets)) order[n++] = chain
        targets[chain] = targets[chain] " " $0 }
      END { for (i = 0; i < n; i++) print order[i] "\t" substr(targets[order[i]], 2) }'
}

write_settings() {  # what the jobs need to know, as bash assignments
  local dir=$1
  {
    declare -p workspace tier cache gpus cpus_per_task output_root datasets_dir repository_cache \
      resume_dir bazel_flags partition account max_parallel time_limit sbatch_flags
    echo "state_dir=$(printf '%q' "$dir")"
  } > "$dir/settings.sh"
}

# The flags of every Bazel build in the jobs. The cache key of an action does not depend on any
# of them except --config (the tier and the device), so every machine computes the same keys.
job_bazel_flags() {
  local cores=$1 flags=()
  [[ "$tier" == "$(default_tier "$workspace")" ]] || flags+=("--config=$tier")
  [[ $gpus -eq 1 ]] && flags+=("--config=cuda")
  # The shared cache alone: a disk cache (user.bazelrc's, say) would answer for it, and the
  # cache check would count a chain as done that the shared cache does not hold.
  flags+=("--remote_cache=$cache" --disk_cache= --remote_upload_local_results --remote_timeout=600
    "--jobs=$cores" "--local_cpu_resources=$cores" --noshow_progress
    --symlink_prefix=/)  # leave the checkout's bazel-* links to the user's own builds
  [[ -n "$datasets_dir" ]] && flags+=("--repo_env=LAMBDABETA_DATASETS_DIR=$datasets_dir")
  [[ -n "$repository_cache" ]] && flags+=("--repository_cache=$repository_cache")
  flags+=("${bazel_flags[@]}")
  printf '%s\n' "${flags[@]}"
}

# Training and evaluation actions run only inside a sandbox that cannot start (it must mount
# over a path that does not exist); every other action runs as usual. An action found in the
# cache never reaches a sandbox, so a build with these flags succeeds exactly when every
# training and evaluation action it needs is cached, and otherwise fails naming each missing one.
NO_TRAINING_FLAGS=(
  --spawn_strategy=local
  "--strategy_regexp=^(Training|Evaluating) =linux-sandbox"
  --sandbox_block_path=/nonexistent/lambdabeta-this-build-does-not-train
)

# Bazel in a job: batch mode (no server left behind, so Slurm's kill of a task reaches its
# actions), an output base of its own on node-local disk.
job_bazel() {
  local name=$1; shift
  bazel --batch --output_user_root="$output_root/user_root" \
    --output_base="$output_root/$tier-$name" "$@"
}

# Nothing runs in a build with these: every action may only run in a sandbox that cannot start.
# Such a build asks the cache about every action and executes none.
NOTHING_RUNS_FLAGS=(
  --spawn_strategy=linux-sandbox
  --sandbox_block_path=/nonexistent/lambdabeta-this-build-runs-nothing
)

# The chains whose training or evaluation is not all in the cache. A build of every chain's
# evaluations that runs nothing, with --keep_going, names each missing action; when something
# else is missing too (a tool, a slice: nothing downstream could be looked up), or the build
# fails otherwise, the cache cannot tell, and every chain counts as missing. Leaves the file
# tools_cached in DIR when the cache holds everything but training and evaluation.
missing_chains() {
  local ws=$1 dir=$2 out unattributed
  rm -f "$dir/tools_cached"
  if out=$(cd "$ws" && job_bazel launcher build $(job_bazel_flags 2) --remote_download_minimal \
    --keep_going "${NOTHING_RUNS_FLAGS[@]}" $(cut -f2 "$dir/plan.all.tsv") 2>&1); then
    touch "$dir/tools_cached"
    return 0
  fi
  printf '%s\n' "$out" > "$dir/logs/cache_check.log"
  unattributed=$(grep -E '^ERROR: ' "$dir/logs/cache_check.log" |
    grep -vE '^ERROR: [^ ]+:[0-9]+:[0-9]+: (Training|Evaluating) .* failed' || true)
  if [[ -n "$unattributed" || -z "$(failed_models "$tier" < "$dir/logs/cache_check.log")" ]]; then
    log "the cache cannot tell which chains are complete (first error: $(echo "$unattributed" | head -n 1 | cut -c1-200)); all count as missing"
    cut -f1 "$dir/plan.all.tsv"
    return 0
  fi
  touch "$dir/tools_cached"  # only training or evaluation is missing: the tools are there
  failed_models "$tier" < "$dir/logs/cache_check.log" | sort -u
}

# Reads Bazel's output; prints the chain of each training or evaluation action that failed.
failed_models() {
  grep -E '^ERROR: .*(Training|Evaluating) .* failed' |
    grep -oE "//pipeline/deep:$1/[^ ]+" |
    sed -E "s#^//pipeline/deep:$1/##; s#_(phase|lambda).*\$##"
}

config_field() {  # the first value of `field:` in a text-format config
  sed -n "s/^ *$2: *\([0-9.e+-]*\).*/\1/p" "$1" | head -n 1
}

# The measured (or, where stated, assumed) throughputs the estimates use.
throughput() { sed -n "s/^$1 \([0-9.]*\).*/\1/p" "$workspace/pipeline/train/throughput.txt"; }

write_job_scripts() {
  local dir=$1 tasks=$2 header array gres=""
  header="#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --time=$time_limit"
  [[ -n "$partition" ]] && header+=$'\n'"#SBATCH --partition=$partition"
  [[ -n "$account" ]] && header+=$'\n'"#SBATCH --account=$account"
  [[ $gpus -eq 1 ]] && gres=$'\n'"#SBATCH --gres=gpu:1"
  array="0-$((tasks > 0 ? tasks - 1 : 0))${max_parallel:+%$max_parallel}"
  cat > "$dir/prologue.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=lambdabeta-$tier-prologue
#SBATCH --output=$dir/logs/prologue.log
#SBATCH --cpus-per-task=$cpus_per_task
$header
# Builds the tools, the config slices and the datasets once; the cache then serves them to all.
exec bash $workspace/tools/slurm/job.sh prologue $dir
EOF
  cat > "$dir/chains.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=lambdabeta-$tier-chain
#SBATCH --output=$dir/logs/chain-%a.log
#SBATCH --cpus-per-task=$cpus_per_task
#SBATCH --array=$array$gres
$header
# One model chain per task (line SLURM_ARRAY_TASK_ID + 1 of plan.tsv): phase 1, its lambda
# branches, its evaluations. A requeued task resumes from its last periodic checkpoint.
exec bash $workspace/tools/slurm/job.sh chain $dir
EOF
  cat > "$dir/final.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=lambdabeta-$tier-final
#SBATCH --output=$dir/logs/final.log
#SBATCH --cpus-per-task=$cpus_per_task
$header
# The figures, the report and the ledger from the cache. Never trains.
exec bash $workspace/tools/slurm/job.sh final $dir
EOF
}

print_plan() {
  local dir=$1 tier=$2 tasks=$3 config p1 p2 total_steps longest core_h gpu_h
  config="$workspace/paper/config/$tier.deep.pbtxt"
  p1=$(config_field "$config" beta_vae_steps)
  p2=$(config_field "$config" lambda_beta_vae_steps)
  for f in prologue chains final; do
    echo "==> $dir/$f.sbatch"; cat "$dir/$f.sbatch"; echo
  done
  echo "==> plan ($dir/plan.tsv)"
  # Steps of a chain: phase 1 once, then phase 2 for each of its lambdas (its final evaluations).
  awk -F'\t' -v p1="$p1" -v p2="$p2" '
    { n = split($2, t, " "); lam = 0; for (i = 1; i <= n; i++) if (t[i] ~ /_lambda[^_]*_eval$/) lam++
      steps = p1 + lam * p2; total += steps; evals += n
      if (steps > longest) longest = steps
      printf "task %d  %-32s %d lambda branches, %d steps, %d evaluations\n", NR - 1, $1, lam, steps, n }
    END { printf "tasks: %d   training steps: %d   evaluations: %d\n", NR, total, evals
          print total, longest + 0 > "/dev/stderr" }' "$dir/plan.tsv" 2> "$dir/total_steps"
  read -r total_steps longest < "$dir/total_steps"
  awk -v s="$longest" -v c="$(throughput cpu_steps_per_core_second)" -v g="$(throughput gpu_steps_per_second)" -v t="$time_limit" \
    'BEGIN { printf "longest task: %d steps, %.1f h on one core, %.1f h on a GPU (assumed rate); sbatch --time is %s\n", s, s / c / 3600, s / g / 3600, t }'

  core_h=$(awk -v s="$total_steps" -v r="$(throughput cpu_steps_per_core_second)" 'BEGIN { printf "%.1f", s / r / 3600 }')
  gpu_h=$(awk -v s="$total_steps" -v r="$(throughput gpu_steps_per_second)" 'BEGIN { printf "%.1f", s / r / 3600 }')
  echo "estimate: $core_h core-hours on CPUs ($(throughput cpu_steps_per_core_second) steps per core-second, measured by train_bench; pipeline/train/throughput.txt)"
  echo "estimate: $gpu_h GPU-hours ($(throughput gpu_steps_per_second) steps/s per GPU: an ASSUMPTION, no GPU has measured this model yet)"
  echo "training only; evaluations come on top (a few per cent at the paper tier's steps). Submit without --dry_run to queue it."
}

show_status() {
  local ws=$1 dir=$2 tier=$3 cache=$4 ids chains_job missing total
  [[ -f "$dir/jobs" ]] || die "nothing was submitted from $dir"
  ids=$(cut -d' ' -f2 "$dir/jobs" | paste -sd,)
  echo "== queue"
  squeue --noheader -j "$ids" -o '%.18i %.24j %.10T %R' 2>/dev/null || echo "(none of $ids is queued)"
  chains_job=$(sed -n 's/^chains //p' "$dir/jobs")
  if [[ -n "$chains_job" ]]; then
    echo "== failed chain tasks"
    # Slurm's accounting knows every task; without it, squeue still lists recent ones.
    { sacct -n -P -X -j "$chains_job" --format=JobID,State,ExitCode 2>/dev/null ||
      squeue --noheader --states=all -j "$chains_job" -o '%i|%T|-' 2>/dev/null; } |
      awk -F'|' '$2 ~ /FAILED|CANCELLED|TIMEOUT|OUT_OF_ME|NODE_FAIL/' | while IFS='|' read -r id state code; do
        idx=${id##*_}
        echo "task $idx ($(sed -n "$((idx + 1))p" "$dir/plan.tsv" | cut -f1)): $state, exit $code; last lines of $dir/logs/chain-$idx.log:"
        tail -n 5 "$dir/logs/chain-$idx.log" 2>/dev/null | sed 's/^/    /'
      done
  fi
  echo "== evidence in the cache"
  (cd "$ws" && plan_chains "$tier") > "$dir/plan.all.tsv"
  write_settings "$dir"
  missing_chains "$ws" "$dir" > "$dir/missing.txt"
  total=$(wc -l < "$dir/plan.all.tsv")
  missing=$(wc -l < "$dir/missing.txt")
  echo "$((total - missing)) of $total model chains complete in the cache"
  # Per dataset and beta: how many seeds' chains are complete.
  awk -F'\t' 'NR == FNR { miss[$1] = 1; next }
    { cell = $1; sub(/_seed[0-9]+$/, "", cell); all[cell]++; if (!($1 in miss)) done[cell]++ }
    END { for (c in all) printf "  %-32s %d of %d seeds\n", c, done[c], all[c] }' \
    "$dir/missing.txt" "$dir/plan.all.tsv" | sort
  # The ledger judges its deep claims on the complete grid (paper/claims/evidence.h): each needs
  # every model. A model is a final evaluation; a chain counts when all of it is cached.
  local models done_models
  read -r models done_models < <(awk -F'\t' 'NR == FNR { miss[$1] = 1; next }
    { n = gsub(/_lambda[^_ ]*_eval( |$)/, "&", $2); all += n; if (!($1 in miss)) done += n }
    END { print all, done + 0 }' "$dir/missing.txt" "$dir/plan.all.tsv")
  echo "== the ledger's deep claims (each judged on the complete grid)"
  sed -n 's/^\(fig[4-8][a-z0-9_]*\) .*/\1/p' "$ws/paper/claims/expected_verdicts.txt" |
    while read -r claim; do echo "  $claim: $done_models of $models models in the cache"; done
}
