/*
 * pause: the process that holds a pod's namespaces (the "sandbox" or infra container).
 *
 * It behaves like Kubernetes' build/pause/linux/pause.c: as PID 1 of the pod's PID
 * namespace (shareProcessNamespace) it reaps orphaned children, SIGINT/SIGTERM make it
 * exit 0 (the kernel ignores signals without a handler for PID 1, so the handlers are
 * what lets the runtime stop it gracefully), and otherwise it sleeps forever.
 * `-v` prints a version line. Written for k8s-lab; compiled with `gcc -Os -static -s`.
 */
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define VERSION "k8s-lab pause 3.6"

static void say(const char *s) {
  ssize_t ignored = write(STDERR_FILENO, s, strlen(s));
  (void)ignored;
}

static void on_stop(int sig) {
  say(sig == SIGINT ? "Shutting down, got signal: Interrupt\n" : "Shutting down, got signal: Terminated\n");
  _exit(0);
}

static void on_child(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    ssize_t ignored = write(STDOUT_FILENO, VERSION "\n", sizeof(VERSION));
    (void)ignored;
    return 0;
  }
  if (getpid() != 1) say("Warning: pause should be the first process\n");

  struct sigaction stop;
  memset(&stop, 0, sizeof stop);
  stop.sa_handler = on_stop;
  sigemptyset(&stop.sa_mask);
  if (sigaction(SIGINT, &stop, NULL) < 0 || sigaction(SIGTERM, &stop, NULL) < 0) return 1;

  struct sigaction child;
  memset(&child, 0, sizeof child);
  child.sa_handler = on_child;
  child.sa_flags = SA_NOCLDSTOP | SA_RESTART;
  sigemptyset(&child.sa_mask);
  if (sigaction(SIGCHLD, &child, NULL) < 0) return 2;

  for (;;) pause();
  return 42; /* not reached */
}
