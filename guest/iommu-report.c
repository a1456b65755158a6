// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-report: /init of the QEMU board guest.
 *
 * Mounts the pseudo file systems, optionally loads IOMMU driver modules late
 * (iommutest.modules=a.ko,b.ko on the kernel command line), with
 * iommutest.bind_storm also while a child process keeps asking the driver
 * core to bind every PCI and platform device (drivers_probe), waits until
 * driver binding has settled, then prints a machine-readable report of
 * devices, drivers, IOMMU groups and kernel-log findings between
 * "IOMMUREPORT BEGIN" and "IOMMUREPORT END" lines, and powers off.
 *
 * Report lines (space-separated key=value after a record type):
 *   boot init_ms=N settle_ms=N
 *   module name=X rc=N
 *   storm writes=N ms=N            drivers_probe writes during the module load
 *   iommu name=X
 *   dev bus=B name=N driver=D|- group=G|- translated=0|1
 *   group id=G type=T members=a,b,c
 *   nogroup name=N                 translated device without a group, silently
 *   refused name=N text=...        the same, with the IOMMU driver's refusal line
 *   kmsg kind=K text=...           warn, bug, lockdep, kasan, kmemleak, late, defer
 *   deferred name=N reason=...     still in devices_deferred
 *   count kind=K n=N
 *   iommufd <TAP line>             tools/testing/selftests/iommu/iommufd, with
 *                                  iommutest.iommufd (a kernel with
 *                                  CONFIG_IOMMUFD_TEST): its output, line
 *                                  by line, then "iommufd rc=N signal=S"
 *   sanitizers lockdep=0|1 kasan=0|1 kmemleak=0|1
 *                                  which checkers were live at the end of the
 *                                  run (lockdep still on, KASAN initialised,
 *                                  kmemleak scanning): a 0 count of a checker
 *                                  that was not live proves nothing
 *   acpi-table name=IORT len=N hex=...  the IORT the kernel uses (ACPI boots):
 *                                  the source of scripts/iort_variants.py,
 *                                  and the proof that an override was taken
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXLINES 20000

static char cmdline[4096];
static char *klines[MAXLINES];
static unsigned int nklines;

/* Read the whole kernel log (again). */
static void slurp_kmsg(void)
{
	char buf[8192];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	while (nklines)
		free(klines[--nklines]);
	if (fd < 0)
		return;
	while (nklines < MAXLINES) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		char *msg, *nl;

		if (n < 0) {
			if (errno == EPIPE)
				continue;
			break;
		}
		buf[n] = '\0';
		msg = strchr(buf, ';');
		msg = msg ? msg + 1 : buf;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		klines[nklines++] = strdup(msg);
	}
	close(fd);
}

/*
 * A translated device may be left without a group on purpose: the IOMMU
 * driver refused it and said so (e.g. arm-smmu-v3 "Aliasing StreamID ...
 * unsupported"), its probe failed and the core left it without the
 * IOMMU, saying so, or its firmware description is broken and the kernel
 * said so ("[Firmware Bug]: IORT translates RID ... continuing without an
 * IOMMU"). Return that log line, or NULL for a silent miss.
 */
static const char *refusal(const char *dev)
{
	static const char *const why[] = {
		"unsupported", "not supported", "bypass", "continuing without it",
		"continuing without an IOMMU",
	};
	unsigned int i, k;

	for (i = 0; i < nklines; i++) {
		if (!strstr(klines[i], dev))
			continue;
		for (k = 0; k < sizeof(why) / sizeof(why[0]); k++)
			if (strstr(klines[i], why[k]))
				return klines[i];
	}
	return NULL;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = write(fd, val, strlen(val)) < 0 ? -1 : 0;
	close(fd);
	return ret;
}

/* basename of the target of a sysfs link, or "-" */
static void link_base(const char *path, char *out, size_t len)
{
	char buf[512];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	char *b;

	if (n < 0) {
		snprintf(out, len, "-");
		return;
	}
	buf[n] = '\0';
	b = strrchr(buf, '/');
	snprintf(out, len, "%s", b ? b + 1 : buf);
}

static const char *param(const char *key)
{
	static char val[1024];
	char *p = strstr(cmdline, key);
	size_t n;

	if (!p)
		return NULL;
	p += strlen(key);
	n = strcspn(p, " \n");
	if (n >= sizeof(val))
		n = sizeof(val) - 1;
	memcpy(val, p, n);
	val[n] = '\0';
	return val;
}

static void load_modules(void)
{
	const char *mods = param("iommutest.modules=");
	char list[1024], *tok, *save;

	if (!mods)
		return;
	snprintf(list, sizeof(list), "%s", mods);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char path[256];
		int fd, rc;

		snprintf(path, sizeof(path), "/lib/modules/%s", tok);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		rc = fd < 0 ? -errno : (int)syscall(SYS_finit_module, fd, "", 0);
		if (rc < 0 && fd >= 0)
			rc = -errno;
		if (fd >= 0)
			close(fd);
		printf("module name=%s rc=%d\n", tok, rc);
	}
}

/*
 * iommutest.bind_storm: binds racing the registration walk of a module-loaded
 * IOMMU. The devices behind the IOMMU wait in the deferred list until it
 * registers; writing their names to drivers_probe starts binds at any moment,
 * among them during the walk. The child writes until it is stopped.
 */
static void bind_storm_child(void)
{
	static const char *const buses[] = { "pci", "platform" };
	unsigned long writes = 0;
	long start = now_ms();
	char path[512];
	unsigned int i;

	for (;;) {
		for (i = 0; i < sizeof(buses) / sizeof(buses[0]); i++) {
			struct dirent *de;
			DIR *d;
			int fd;

			snprintf(path, sizeof(path), "/sys/bus/%s/devices", buses[i]);
			d = opendir(path);
			if (!d)
				continue;
			snprintf(path, sizeof(path), "/sys/bus/%s/drivers_probe", buses[i]);
			fd = open(path, O_WRONLY | O_CLOEXEC);
			while (fd >= 0 && (de = readdir(d))) {
				if (de->d_name[0] == '.')
					continue;
				/* Failures (a deferred bind) are expected */
				if (write(fd, de->d_name, strlen(de->d_name)) < 0)
					errno = 0;
				writes++;
			}
			if (fd >= 0)
				close(fd);
			closedir(d);
		}
		/* Stopped by the parent, or on its own after a minute */
		if (access("/storm.stop", F_OK) == 0 || now_ms() - start > 60000)
			break;
	}
	printf("storm writes=%lu ms=%ld\n", writes, now_ms() - start);
	fflush(stdout);
	_exit(0);
}

static pid_t bind_storm_start(void)
{
	pid_t pid;

	if (!param("iommutest.bind_storm"))
		return 0;
	unlink("/storm.stop");
	pid = fork();
	if (pid == 0)
		bind_storm_child();
	/* Let the child get going before the module load starts. */
	usleep(50000);
	return pid < 0 ? 0 : pid;
}

static void bind_storm_stop(pid_t pid)
{
	int fd;

	if (!pid)
		return;
	/* A little longer than the load, for binds the walk's end released. */
	usleep(300000);
	fd = open("/storm.stop", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	waitpid(pid, NULL, 0);
}

/* A fingerprint of driver bindings and deferrals: settle when it stops changing. */
static unsigned long binding_state(void)
{
	static const char *const buses[] = { "pci", "platform", "amba" };
	unsigned long h = 5381;
	char path[512], buf[4096];
	unsigned int i;

	for (i = 0; i < sizeof(buses) / sizeof(buses[0]); i++) {
		struct dirent *de;
		DIR *d;

		snprintf(path, sizeof(path), "/sys/bus/%s/devices", buses[i]);
		d = opendir(path);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			char drv[128], *c;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/driver", buses[i], de->d_name);
			link_base(path, drv, sizeof(drv));
			for (c = de->d_name; *c; c++)
				h = h * 33 + (unsigned char)*c;
			for (c = drv; *c; c++)
				h = h * 33 + (unsigned char)*c;
		}
		closedir(d);
	}
	if (!read_file("/sys/kernel/debug/devices_deferred", buf, sizeof(buf))) {
		char *c;

		for (c = buf; *c; c++)
			h = h * 33 + (unsigned char)*c;
	}
	return h;
}

static long settle(void)
{
	long start = now_ms(), stable_since = start;
	const char *s = param("iommutest.settle_ms=");
	long quiet = s ? atol(s) : 1500;
	unsigned long last = binding_state();

	while (now_ms() - start < 30000) {
		unsigned long cur;

		usleep(100000);
		cur = binding_state();
		if (cur != last) {
			last = cur;
			stable_since = now_ms();
		} else if (now_ms() - stable_since >= quiet) {
			break;
		}
	}
	return now_ms() - start;
}

/* Does the firmware describe an IOMMU in front of PCI? */
static int pci_translated(void)
{
	struct dirent *de;
	DIR *d;
	int found = 0;

	if (!access("/sys/firmware/acpi/tables/IORT", F_OK) ||
	    !access("/sys/firmware/acpi/tables/VIOT", F_OK) ||
	    !access("/sys/firmware/acpi/tables/DMAR", F_OK) ||
	    !access("/sys/firmware/acpi/tables/IVRS", F_OK))
		return 1;
	d = opendir("/sys/firmware/devicetree/base");
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[512];

		if (strncmp(de->d_name, "pcie@", 5) && strncmp(de->d_name, "pci@", 4))
			continue;
		snprintf(path, sizeof(path), "/sys/firmware/devicetree/base/%s/iommu-map", de->d_name);
		if (!access(path, F_OK))
			found = 1;
	}
	closedir(d);
	return found;
}

/*
 * Whether @devpath is, or is a parent of, the device of a registered IOMMU
 * (a virtio-iommu-pci function): the firmware does not put an IOMMU behind
 * itself.
 */
static int hosts_iommu(const char *devpath)
{
	char real[PATH_MAX], ipath[PATH_MAX], ireal[PATH_MAX];
	struct dirent *de;
	size_t n;
	DIR *d;
	int found = 0;

	if (!realpath(devpath, real))
		return 0;
	n = strlen(real);
	d = opendir("/sys/class/iommu");
	while (d && !found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(ipath, sizeof(ipath), "/sys/class/iommu/%s/device", de->d_name);
		if (realpath(ipath, ireal) && !strncmp(ireal, real, n) &&
		    (ireal[n] == '/' || !ireal[n]))
			found = 1;
	}
	if (d)
		closedir(d);
	return found;
}

static void report_devices(void)
{
	static const char *const buses[] = { "pci", "platform", "amba", "virtio" };
	int translated = pci_translated();
	unsigned int i, nogroup = 0, refused = 0;
	struct dirent *de;
	DIR *d;

	d = opendir("/sys/class/iommu");
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			printf("iommu name=%s\n", de->d_name);
	if (d)
		closedir(d);

	for (i = 0; i < sizeof(buses) / sizeof(buses[0]); i++) {
		char path[512];

		snprintf(path, sizeof(path), "/sys/bus/%s/devices", buses[i]);
		d = opendir(path);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			char drv[128], grp[32];
			int tr;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/driver", buses[i], de->d_name);
			link_base(path, drv, sizeof(drv));
			snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/iommu_group", buses[i], de->d_name);
			link_base(path, grp, sizeof(grp));
			snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s", buses[i], de->d_name);
			tr = !strcmp(buses[i], "pci") && translated && !hosts_iommu(path);
			printf("dev bus=%s name=%s driver=%s group=%s translated=%d\n",
			       buses[i], de->d_name, drv, grp, tr);
			if (tr && !strcmp(grp, "-")) {
				const char *r = refusal(de->d_name);

				if (r) {
					printf("refused name=%s text=%.200s\n", de->d_name, r);
					refused++;
				} else {
					printf("nogroup name=%s\n", de->d_name);
					nogroup++;
				}
			}
		}
		closedir(d);
	}
	printf("count kind=nogroup n=%u\n", nogroup);
	printf("count kind=refused n=%u\n", refused);

	d = opendir("/sys/kernel/iommu_groups");
	while (d && (de = readdir(d))) {
		char path[512], type[64], members[2048] = "";
		struct dirent *m;
		DIR *md;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%s/type", de->d_name);
		if (read_file(path, type, sizeof(type)))
			snprintf(type, sizeof(type), "-");
		snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%s/devices", de->d_name);
		md = opendir(path);
		while (md && (m = readdir(md))) {
			if (m->d_name[0] == '.')
				continue;
			if (members[0])
				strncat(members, ",", sizeof(members) - strlen(members) - 1);
			strncat(members, m->d_name, sizeof(members) - strlen(members) - 1);
		}
		if (md)
			closedir(md);
		printf("group id=%s type=%s members=%s\n", de->d_name, type, members);
	}
	if (d)
		closedir(d);
}

/*
 * First match wins: lockdep and KASAN reports start with "WARNING:" and
 * "BUG:", so their own patterns come first.
 */
static const struct {
	const char *kind, *pat;
} kmsg_pats[] = {
	{ "lockdep", "possible circular locking" },
	{ "lockdep", "possible recursive locking" },
	{ "lockdep", "inconsistent lock state" },
	{ "lockdep", "suspicious RCU usage" },
	{ "lockdep", "DEBUG_LOCKS_WARN_ON" },
	{ "lockdep", "lock held when returning to user space" },
	{ "kasan", "KASAN:" },
	{ "warn", "WARNING:" },
	{ "warn", "------------[ cut here ]" },
	{ "bug", "BUG:" },
	{ "bug", "Oops" },
	{ "bug", "Kernel panic" },
	{ "kmemleak", "suspected memory leak" },
	{ "late", "late IOMMU probe" },
	{ "defer", "requests probe deferral" },
	{ "defer", "deferred probe pending" },
};

#define NKIND 8
static const char *const kinds[NKIND] = { "warn", "bug", "lockdep", "kasan", "kmemleak", "late", "defer", "lines" };

/*
 * kmemleak: one scan at the end of the run. Returns the number of reports.
 * kmemleak reports no object younger than 5 s, so with wait set the scan
 * comes 6 s after the run's last unbind, remove or rescan.
 */
static int kmemleak_live;

static unsigned int report_kmemleak(int wait)
{
	char leaks[16384];

	if (access("/sys/kernel/debug/kmemleak", W_OK))
		return 0;
	if (wait)
		sleep(6);
	if (write_file("/sys/kernel/debug/kmemleak", "scan"))
		return 0;
	kmemleak_live = 1;
	if (read_file("/sys/kernel/debug/kmemleak", leaks, sizeof(leaks)) || !leaks[0]) {
		printf("kmemleak scan: no leaks\n");
		return 0;
	}
	printf("kmsg kind=kmemleak text=suspected memory leak: %.200s\n", leaks);
	return 1;
}

/*
 * Which checkers were live: lockdep turns itself off after its first report
 * (debug_locks: 0), KASAN says so at boot, kmemleak answered the scan.
 */
static void report_sanitizers(void)
{
	char stats[8192], *p;
	int lockdep = 0, kasan = 0;
	unsigned int l;

	if (!read_file("/proc/lockdep_stats", stats, sizeof(stats))) {
		p = strstr(stats, "debug_locks:");
		lockdep = p && atoi(p + strlen("debug_locks:")) == 1;
	}
	for (l = 0; l < nklines; l++)
		if (strstr(klines[l], "KernelAddressSanitizer initialized"))
			kasan = 1;
	printf("sanitizers lockdep=%d kasan=%d kmemleak=%d\n", lockdep, kasan, kmemleak_live);
}

static void report_kmsg(void)
{
	unsigned int counts[NKIND] = { 0 };
	unsigned int i, k, l;

	counts[4] = report_kmemleak(1);
	for (l = 0; l < nklines; l++) {
		const char *msg = klines[l];

		counts[7]++;
		for (i = 0; i < sizeof(kmsg_pats) / sizeof(kmsg_pats[0]); i++) {
			if (!strstr(msg, kmsg_pats[i].pat))
				continue;
			printf("kmsg kind=%s text=%.300s\n", kmsg_pats[i].kind, msg);
			for (k = 0; k < NKIND; k++)
				if (!strcmp(kinds[k], kmsg_pats[i].kind))
					counts[k]++;
			break;
		}
	}
	for (k = 0; k < NKIND; k++)
		printf("count kind=%s n=%u\n", kinds[k], counts[k]);
	report_sanitizers();
}

/*
 * The selftests below run in a process group of their own (the kselftest
 * harness forks a child per test), for at most a given time; the whole
 * group is stopped then, so that a hung test cannot hang the boot.
 */
static pid_t test_pgid;
static volatile sig_atomic_t test_timed_out;

static void test_alarm(int sig)
{
	test_timed_out = 1;
	kill(-test_pgid, SIGKILL);
}

/*
 * Run argv[0] with @envp for at most @timeout seconds. Its output goes to
 * the report as it is or, with @prefix, line by line behind "@prefix ".
 * Then "@tag rc=N signal=N", after "@tag timeout_s=N" if it was stopped.
 */
static void run_test(const char *tag, char *const argv[], char *const envp[],
		     const char *prefix, unsigned int timeout)
{
	char line[1024];
	int pfd[2] = { -1, -1 }, status = 0;
	FILE *in;
	pid_t pid;

	if (prefix && pipe(pfd))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		if (prefix) {
			close(pfd[0]);
			dup2(pfd[1], 1);
			dup2(pfd[1], 2);
		}
		execve(argv[0], argv, envp);
		_exit(127);
	}
	if (prefix)
		close(pfd[1]);
	if (pid < 0) {
		if (prefix)
			close(pfd[0]);
		printf("%s rc=-1 signal=0\n", tag);
		return;
	}
	setpgid(pid, pid);
	test_pgid = pid;
	test_timed_out = 0;
	signal(SIGALRM, test_alarm);
	alarm(timeout);
	in = prefix ? fdopen(pfd[0], "r") : NULL;
	while (in && fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		printf("%s %s\n", prefix, line);
	}
	if (in)
		fclose(in);
	if (waitpid(pid, &status, 0) < 0)
		status = -1;
	alarm(0);
	if (test_timed_out)
		printf("%s timeout_s=%u\n", tag, timeout);
	printf("%s rc=%d signal=%d\n", tag, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
	       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* A number of seconds from the command line, or @def */
static unsigned int param_secs(const char *key, unsigned int def)
{
	const char *v = param(key);

	return v && atoi(v) > 0 ? (unsigned int)atoi(v) : def;
}

/*
 * tools/testing/selftests/iommu/iommu_groups, when the initramfs has it
 * (iommutest.selftest=full|static on the command line): its TAP output goes
 * into the report. With "full" it also unbinds and binds the virtio-pci
 * devices and removes and rescans the PCI bus, so the kernel log read after
 * it covers those. Stopped after iommutest.selftest_timeout= seconds (300).
 */
static void run_selftest(void)
{
	static char *const argv[] = { "/iommu_groups", NULL };
	static char *const full[] = {
		"IOMMU_SELFTEST_REBIND=virtio-pci", "IOMMU_SELFTEST_RESCAN=1", NULL,
	};
	static char *const none[] = { NULL };
	const char *mode = param("iommutest.selftest=");

	if (!mode || access(argv[0], X_OK))
		return;
	/* "full" also unbinds/binds and removes/rescans; "static" only reads */
	run_test("selftest", argv, strcmp(mode, "full") ? none : full, NULL,
		 param_secs("iommutest.selftest_timeout=", 300));
}

/*
 * tools/testing/selftests/iommu/iommufd (the kernel's own iommufd selftest,
 * against the mock IOMMU of CONFIG_IOMMUFD_TEST), with iommutest.iommufd:
 * a guard for the mock device path, which registers an IOMMU instance and
 * probes devices through the core. Its result lines go into the report,
 * each behind "iommufd "; it is stopped after iommutest.iommufd_timeout=
 * seconds (240).
 */
static void run_iommufd(void)
{
	static char *const argv[] = { "/iommufd", NULL };
	static char *const envp[] = { NULL };

	if (!param("iommutest.iommufd") || access(argv[0], X_OK))
		return;
	run_test("iommufd", argv, envp, "iommufd",
		 param_secs("iommutest.iommufd_timeout=", 240));
}

static void report_deferred(void)
{
	char buf[8192], *line, *save;

	if (read_file("/sys/kernel/debug/devices_deferred", buf, sizeof(buf)))
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strpbrk(line, "\t ");

		if (tab)
			*tab++ = '\0';
		printf("deferred name=%s reason=%s\n", line, tab ? tab : "-");
	}
}

static void report_iort(void)
{
	static unsigned char t[65536];
	ssize_t n, len = 0;
	int fd;

	fd = open("/sys/firmware/acpi/tables/IORT", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	while (len < (ssize_t)sizeof(t) && (n = read(fd, t + len, sizeof(t) - len)) > 0)
		len += n;
	close(fd);
	printf("acpi-table name=IORT len=%zd hex=", len);
	for (n = 0; n < len; n++)
		printf("%02x", t[n]);
	printf("\n");
}

int main(void)
{
	char up[64];
	long init_ms, settle_ms;
	pid_t storm;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	read_file("/proc/uptime", up, sizeof(up));
	init_ms = (long)(atof(up) * 1000);
	read_file("/proc/cmdline", cmdline, sizeof(cmdline));
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (param("iommutest.kmemleak_only")) {
		/* After a KUnit run: only the leak scan, into the same log. */
		report_kmemleak(0);
		sync();
		reboot(RB_POWER_OFF);
		return 0;
	}
	printf("IOMMUREPORT BEGIN\n");
	report_iort();
	storm = bind_storm_start();
	load_modules();
	bind_storm_stop(storm);
	settle_ms = settle();
	printf("boot init_ms=%ld settle_ms=%ld\n", init_ms, settle_ms);
	slurp_kmsg();
	report_devices();
	report_deferred();
	run_selftest();
	run_iommufd();
	slurp_kmsg();
	report_kmsg();
	printf("IOMMUREPORT END\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
