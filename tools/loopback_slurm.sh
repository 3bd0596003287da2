# A one-node Slurm cluster with its munge on 127.0.0.1, for the Slurm end-to-end test
# (tests/slurm_e2e). Sourced, not run:
#
#   source tools/loopback_slurm.sh
#   trap 'loopback_slurm_stop "$dir"' EXIT
#   loopback_slurm_start "$dir"        # exports SLURM_CONF; sbatch, squeue, ... then work
#
# Every daemon writes its PID file into $dir, and loopback_slurm_stop stops each by that PID.

free_port() {  # a TCP port nothing listens on now
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# A job's credential lives this long (Slurm's default: 120 s). Slurm holds a requeued job back
# for as long, since the node refuses the job id's revoked credential until it expires (a job
# started sooner fails with "Job credential revoked"). Short, so the requeue test stays short.
LOOPBACK_SLURM_CRED_EXPIRE=${LOOPBACK_SLURM_CRED_EXPIRE:-15}

# loopback_slurm_start DIR [CPUS]: munged, slurmctld and slurmd for one node of CPUS cores on 127.0.0.1, all
# files in DIR. Needs root (slurmd runs jobs as their submitting user). Commands then need
# SLURM_CONF=DIR/slurm.conf, which this exports.
loopback_slurm_start() {
  local dir=$1 cpus=${2:-$(nproc)} memory
  mkdir -p "$dir/state" "$dir/spool"
  chmod 700 "$dir"
  head -c 1024 /dev/urandom > "$dir/munge.key"
  chmod 400 "$dir/munge.key"
  munged --force --socket="$dir/munge.socket" --key-file="$dir/munge.key" \
    --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge.seed"
  memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
  cat > "$dir/slurm.conf" <<CONF
ClusterName=lambdabeta-loopback
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge.socket,cred_expire=$LOOPBACK_SLURM_CRED_EXPIRE
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=3600
NodeName=loopback NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=loopback Nodes=loopback Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF" -N loopback
  local tries=0
  until sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; do
    tries=$((tries + 1))
    if [[ $tries -gt 60 ]]; then
      echo "loopback_slurm_start: the node did not come up in 30 s; logs in $dir" >&2
      tail -n 5 "$dir/slurmctld.log" "$dir/slurmd.log" >&2
      return 1
    fi
    sleep 0.5
  done
}

# loopback_slurm_stop DIR: stops slurmd, slurmctld and munged of DIR by their PIDs, and waits
# (up to 5 s each) until each has gone.
loopback_slurm_stop() {
  local dir=$1 pidfile pid
  for pidfile in "$dir"/slurmd.pid "$dir"/slurmctld.pid "$dir"/munged.pid; do
    [[ -f "$pidfile" ]] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
