package sidecar

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

type Sidecar struct {
	cmd *exec.Cmd
}

// StartCrewAI launches the Python worker next to the Go service.
func StartCrewAI(port int) (*exec.Cmd, error) {
	// ruleid: go-exec-command-orphan
	cmd := exec.Command("python3", "crewai_worker.py", "--port", fmt.Sprint(port))
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd, nil
}

func (s *Sidecar) Restart(entry string) error {
	// ruleid: go-exec-command-orphan
	s.cmd = exec.Command("python3", entry)
	return s.cmd.Start()
}

func StartWatcher(dir string) error {
	var watcher *exec.Cmd
	// ruleid: go-exec-command-orphan
	watcher = exec.Command("inotifywait", "-m", dir)
	return watcher.Start()
}

// The fix from the seed: context-bound and in its own process group.
func StartCrewAISafely(ctx context.Context, port int) (*exec.Cmd, error) {
	// ok: go-exec-command-orphan
	cmd := exec.CommandContext(ctx, "python3", "crewai_worker.py", "--port", fmt.Sprint(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		<-ctx.Done()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	}()
	return cmd, nil
}

func StartInOwnGroup(entry string) (*exec.Cmd, error) {
	// ok: go-exec-command-orphan
	cmd := exec.Command("python3", entry)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	return cmd, cmd.Start()
}

// Run waits for the child: it cannot outlive this call.
func GitRevision() (string, error) {
	// ok: go-exec-command-orphan
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	return string(out), err
}
