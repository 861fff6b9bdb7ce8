#!/usr/bin/env bash
# Real services for the job-runner integration tests: an OpenSSH server and a single-node
# Slurm (munged + slurmctld + slurmd) on loopback. Debian 12, run as root (or with sudo).
#
#   test-services.sh up       install what is missing, then start everything (no-op if up)
#   test-services.sh down     stop the daemons by PID, remove the runtime dir (idempotent)
#   test-services.sh status   daemon PIDs and sinfo
#
# All state lives in $VSTAR_SERVICES_DIR (default ${TMPDIR:-/tmp}/vstar-test-services):
# configs, keys, logs, PID files and env.json, which the tests read to find the services.
# A stopped daemon can linger as a zombie, so liveness looks at the process state too.
set -euo pipefail

RT=${VSTAR_SERVICES_DIR:-${TMPDIR:-/tmp}/vstar-test-services}
SSH_PORT=${VSTAR_SSH_PORT:-2222}
FAKE_GPUS=${VSTAR_FAKE_GPUS:-2}
NODE=localhost                       # hostname-independent node name (slurmd -N)
export SLURM_CONF=$RT/etc/slurm.conf
MSOCK=$RT/munge/munge.socket.2
DAEMONS="munged slurmctld slurmd sshd"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
USER_NAME=$(id -un)

log() { printf '[test-services %(%H:%M:%S)T] %s\n' -1 "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }
pid_alive() { kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]; }
alive() { [ -s "$RT/run/$1.pid" ] && pid_alive "$(cat "$RT/run/$1.pid")"; }
wait_for() { # wait_for <timeout_s> <description> <cmd...>
  local t=$1 d=$2; shift 2; local end=$(( $(date +%s) + t ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$end" ]; then
      log "TIMEOUT waiting for $d"; tail -n 5 "$RT"/log/*.log "$RT"/log/*.out 2>/dev/null >&2 || true
      return 1
    fi
    sleep 0.2
  done
}
start_bg() { # start_bg <name> <cmd...>: the daemon runs in foreground mode, we own its PID
  local name=$1; shift
  nohup "$@" </dev/null >"$RT/log/$name.out" 2>&1 &
  echo $! >"$RT/run/$name.pid"
}

do_install() {
  local need=() p
  for p in slurmctld slurmd slurm-client munge openssh-server openssh-client; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  log "apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  # Their install scripts try to start services and are refused (no init); nothing runs yet.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

write_configs() {
  mkdir -p "$RT"/{etc,munge,state,spool,log,run,ssh,jobs,dev}
  chmod 755 "$RT" "$RT/munge"; chmod 700 "$RT/ssh"
  local cpus mem gres="" grestypes="" i
  cpus=$(nproc)
  mem=$(( $(free -m | awk '/^Mem:/{print $2}') / 2 ))
  if [ "$FAKE_GPUS" -gt 0 ]; then
    # gres/gpu drops file-less GPUs and File= must be a device: symlinks to /dev/null work.
    for i in $(seq 0 $((FAKE_GPUS - 1))); do ln -sfn /dev/null "$RT/dev/gpu$i"; done
    grestypes="GresTypes=gpu"; gres="Gres=gpu:$FAKE_GPUS"
    echo "NodeName=$NODE Name=gpu File=$RT/dev/gpu[0-$((FAKE_GPUS - 1))]" >"$RT/etc/gres.conf"
  fi
  cat >"$SLURM_CONF" <<EOF
ClusterName=vstar-test
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MSOCK
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$RT/state
SlurmdSpoolDir=$RT/spool
SlurmctldPidFile=$RT/run/slurmctld.self.pid
SlurmdPidFile=$RT/run/slurmd.self.pid
SlurmctldLogFile=$RT/log/slurmctld.log
SlurmdLogFile=$RT/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# finished jobs stay visible to squeue -t all / scontrol show job for an hour
MinJobAge=3600
# no slurmdbd here, so plain sacct fails: the runner falls back to squeue/scontrol
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$RT/log/jobcomp.txt
$grestypes
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem $gres State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  [ -s "$RT/munge/munge.key" ] || mungekey -c -k "$RT/munge/munge.key"
  chmod 600 "$RT/munge/munge.key"
  [ -s "$RT/ssh/host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C vstar-test-host -f "$RT/ssh/host_ed25519_key"
  [ -s "$RT/ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C vstar-test-user -f "$RT/ssh/id_ed25519"
  cp "$RT/ssh/id_ed25519.pub" "$RT/ssh/authorized_keys"; chmod 600 "$RT/ssh/authorized_keys"
  echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$RT/ssh/host_ed25519_key.pub")" >"$RT/ssh/known_hosts"
  # a second, unrelated host key: the "wrong key" known_hosts for the rejection test
  [ -s "$RT/ssh/other_host_key" ] || ssh-keygen -q -t ed25519 -N '' -C other -f "$RT/ssh/other_host_key"
  echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$RT/ssh/other_host_key.pub")" >"$RT/ssh/known_hosts_wrong"
  cat >"$RT/ssh/sshd_config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $RT/ssh/host_ed25519_key
PidFile $RT/run/sshd.self.pid
AuthorizedKeysFile $RT/ssh/authorized_keys
StrictModes no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
MaxSessions 64
MaxStartups 64
SetEnv SLURM_CONF=$SLURM_CONF
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  # an ssh_config the runner's config parser reads (Host alias -> real address, key)
  cat >"$RT/ssh/config" <<EOF
Host vstar-test
  HostName 127.0.0.1
  Port $SSH_PORT
  User $USER_NAME
  IdentityFile $RT/ssh/id_ed25519
EOF
  cat >"$RT/env.json" <<EOF
{"dir": "$RT", "host": "127.0.0.1", "port": $SSH_PORT, "user": "$USER_NAME",
 "key": "$RT/ssh/id_ed25519", "knownHosts": "$RT/ssh/known_hosts",
 "wrongKnownHosts": "$RT/ssh/known_hosts_wrong", "sshConfig": "$RT/ssh/config",
 "slurmConf": "$SLURM_CONF", "jobsDir": "$RT/jobs", "fakeGpus": $FAKE_GPUS}
EOF
}

munge_ok() { munge -n -S "$MSOCK" | unmunge -S "$MSOCK"; }
node_ready() { sinfo -h -n "$NODE" -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)$'; }
ssh_ok() { ssh -p "$SSH_PORT" -i "$RT/ssh/id_ed25519" -o UserKnownHostsFile="$RT/ssh/known_hosts" \
             -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=2 "$USER_NAME@127.0.0.1" true; }

do_up() {
  do_install
  local all=1 d; for d in $DAEMONS; do alive "$d" || all=0; done
  if [ $all = 1 ] && node_ready && [ -s "$RT/env.json" ]; then log "already up ($RT)"; return 0; fi
  do_down                              # partial state -> clean slate
  local t0; t0=$(now)
  write_configs
  $SUDO mkdir -p /run/sshd && $SUDO chmod 755 /run/sshd   # sshd privilege-separation dir
  start_bg munged munged -F --key-file="$RT/munge/munge.key" --socket="$MSOCK" \
    --pid-file="$RT/run/munged.self.pid" --log-file="$RT/log/munged.log" --seed-file="$RT/munge/munged.seed"
  wait_for 10 munged munge_ok
  start_bg slurmctld slurmctld -D -i
  wait_for 20 slurmctld scontrol ping
  start_bg slurmd slurmd -D -N "$NODE"
  wait_for 30 "node idle" node_ready
  start_bg sshd /usr/sbin/sshd -D -e -f "$RT/ssh/sshd_config"
  wait_for 10 sshd ssh_ok
  log "up in $(since "$t0")s: sshd 127.0.0.1:$SSH_PORT, slurm partition debug, env $RT/env.json"
}

stop_pid() { # stop_pid <name>: TERM, wait up to 10 s, then KILL
  local f="$RT/run/$1.pid" p i
  [ -s "$f" ] || return 0
  p=$(cat "$f")
  if pid_alive "$p"; then
    kill "$p" 2>/dev/null || true
    for i in $(seq 1 50); do pid_alive "$p" || break; sleep 0.1; done
    pid_alive "$p" && { kill -9 "$p" 2>/dev/null || true; }
  fi
  rm -f "$f"
}

do_down() {
  [ -d "$RT" ] || return 0
  if alive slurmctld; then   # cancel jobs first so no job process outlives slurmd
    scancel --partition=debug 2>/dev/null || true
    wait_for 15 "jobs to finish" bash -c '[ -z "$(squeue -h -t R,CG,PD 2>/dev/null)" ]' || true
  fi
  local d; for d in sshd slurmd slurmctld munged; do stop_pid "$d"; done
  rm -rf "$RT.logs"; cp -r "$RT/log" "$RT.logs" 2>/dev/null || true   # keep logs for CI
  rm -rf "$RT"
}

do_status() {
  local d; for d in $DAEMONS; do
    if alive "$d"; then echo "$d: running pid $(cat "$RT/run/$d.pid")"; else echo "$d: not running"; fi
  done
  alive slurmctld && sinfo || true
}

case "${1:-}" in
  up) do_up ;;
  down) do_down; log "down" ;;
  status) do_status ;;
  install) do_install ;;
  *) echo "usage: $0 up|down|status|install" >&2; exit 2 ;;
esac
