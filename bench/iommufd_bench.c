// SPDX-License-Identifier: GPL-2.0
/*
 * iommufd_bench BDF SIZE OPS PHASE: bind BDF to vfio-pci and iommufd, attach
 * it to an IOAS and time OPS map+unmap pairs of SIZE bytes (4096 or 2097152,
 * hugetlb-backed) at a fixed IOVA.
 *
 * The timed loop is framed by writes of PHASE and then 0 to the device's
 * Latency Timer register through sysfs: QEMU traces config writes
 * (pci_cfg_write) in the same log as the SMMU commands it consumes
 * (smmuv3_cmdq_opcode), so the host can count the commands of the loop.
 *
 * With $bench_inject set to the device's inject_atc_timeout debugfs file
 * (the series' ATS fault injection), two ATC invalidation timeouts are
 * injected right before the timed loop: the error path.
 *
 * Prints: BENCH bdf=.. size=.. ops=.. phase=.. ats=0|1 map_ns=.. unmap_ns=..
 * map_t99_ns=.. unmap_t99_ns=.. [fenced=0|1 on the error path, read before
 * the device is closed: closing it resets the device, which lifts the fence]
 * (map_ns, unmap_ns: totals over the loop; *_t99_ns: the mean time of the
 * fastest 99% of the operations, in hundredths of a ns: the few that a timer
 * interrupt lands in are left out; the mean of the others, not their median,
 * as the clock counts in steps of 16 ns; CLOCK_MONOTONIC, i.e. instructions
 * under -icount).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/iommufd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#define IOVA		0x40000000UL
#define WARMUP		100
#define LATENCY_TIMER	0x0d

static const char *bdf;

static void die(const char *what)
{
	fprintf(stderr, "iommufd_bench %s: %s: %s\n", bdf, what, strerror(errno));
	exit(1);
}

static void sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		die(path);
	/* unbind fails when no driver is bound: that is fine */
	if (write(fd, val, strlen(val)) < 0 && !strstr(path, "unbind"))
		die(path);
	close(fd);
}

static void marker(int cfg, unsigned char phase)
{
	if (pwrite(cfg, &phase, 1, LATENCY_TIMER) != 1)
		die("config write");
}

/* Error path only: make the next ATC_INV syncs of the device time out */
static void inject(void)
{
	const char *path = getenv("bench_inject");

	if (path)
		sysfs_write(path, "2");
}

/* Error path only: " fenced=0|1" from the fault injection debugfs */
static const char *fenced(void)
{
	const char *path = getenv("bench_inject");
	static char out[16];
	char buf[PATH_MAX], val[4] = "";
	int fd;

	if (!path)
		return "";
	snprintf(buf, sizeof(buf), "%s", path);
	*(strrchr(buf, '/') + 1) = '\0';
	strncat(buf, "ats_fenced", sizeof(buf) - strlen(buf) - 1);
	fd = open(buf, O_RDONLY);
	if (fd < 0 || read(fd, val, sizeof(val) - 1) <= 0)
		die(buf);
	close(fd);
	snprintf(out, sizeof(out), " fenced=%c", val[0]);
	return out;
}

static int vfio_open(void)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", bdf);
	sysfs_write(path, "vfio-pci");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", bdf);
	if (!access(path, F_OK))
		sysfs_write(path, bdf);
	sysfs_write("/sys/bus/pci/drivers_probe", bdf);

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	dir = opendir(path);
	if (!dir)
		die(path);
	while ((de = readdir(dir)))
		if (!strncmp(de->d_name, "vfio", 4))
			break;
	if (!de)
		die("no vfio cdev");
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", de->d_name);
	closedir(dir);
	fd = open(path, O_RDWR);
	if (fd < 0)
		die(path);
	return fd;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The mean of the fastest 99% of @n times, in hundredths (sorts them) */
static uint64_t mean99(uint64_t *t, unsigned long n)
{
	unsigned long i, keep = n - n / 100;
	uint64_t sum = 0;

	qsort(t, n, sizeof(*t), cmp_u64);
	for (i = 0; i < keep; i++)
		sum += t[i];
	return sum * 100 / keep;
}

int main(int argc, char **argv)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.iova = IOVA,
	};
	struct iommu_ioas_unmap unmap = { .size = sizeof(unmap), .iova = IOVA };
	uint64_t t0, t1, t2, map_ns = 0, unmap_ns = 0, *map_op, *unmap_op;
	unsigned long size, ops, i;
	char path[PATH_MAX];
	int devfd, cfg, phase, ats, pos;
	uint16_t ats_ctrl;
	uint32_t ecap;
	void *buf;

	if (argc != 5) {
		fprintf(stderr, "usage: iommufd_bench BDF SIZE OPS PHASE\n");
		return 2;
	}
	bdf = argv[1];
	size = strtoul(argv[2], NULL, 0);
	ops = strtoul(argv[3], NULL, 0);
	phase = atoi(argv[4]);
	if ((size != 4096 && size != 2UL << 20) || !ops || phase < 1 || phase > 255) {
		fprintf(stderr, "iommufd_bench: bad SIZE, OPS or PHASE\n");
		return 2;
	}

	map_op = calloc(ops, sizeof(*map_op));
	unmap_op = calloc(ops, sizeof(*unmap_op));
	if (!map_op || !unmap_op)
		die("calloc");

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | (size > 4096 ? MAP_HUGETLB : 0),
		   -1, 0);
	if (buf == MAP_FAILED)
		die("mmap");
	memset(buf, 0, size);

	devfd = vfio_open();
	bind.iommufd = open("/dev/iommu", O_RDWR);
	if (bind.iommufd < 0 || ioctl(devfd, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		die("bind iommufd");
	if (ioctl(bind.iommufd, IOMMU_IOAS_ALLOC, &alloc))
		die("IOAS alloc");
	attach.pt_id = alloc.out_ioas_id;
	if (ioctl(devfd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		die("attach");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	cfg = open(path, O_RDWR);
	if (cfg < 0)
		die(path);

	/* ATS enabled? Find the ATS extended capability (after AER on 01:00.0) */
	ats = 0;
	for (pos = 0x100, i = 0; pos >= 0x100 && i < 64;
	     pos = (ecap >> 20) & 0xffc, i++) {
		if (pread(cfg, &ecap, 4, pos) != 4)
			die("config read");
		if (!ecap || ecap == 0xffffffff)
			break;
		if ((ecap & 0xffff) != PCI_EXT_CAP_ID_ATS)
			continue;
		if (pread(cfg, &ats_ctrl, 2, pos + 6) != 2)
			die("config read");
		ats = !!(ats_ctrl & 0x8000);
		break;
	}

	map.ioas_id = unmap.ioas_id = alloc.out_ioas_id;
	map.user_va = (uintptr_t)buf;
	map.length = unmap.length = size;
	for (i = 0; i < WARMUP + ops; i++) {
		if (i == WARMUP) {
			inject();
			marker(cfg, phase);
		}
		t0 = now_ns();
		if (ioctl(bind.iommufd, IOMMU_IOAS_MAP, &map))
			die("map");
		t1 = now_ns();
		if (ioctl(bind.iommufd, IOMMU_IOAS_UNMAP, &unmap) ||
		    unmap.length != size)
			die("unmap");
		t2 = now_ns();
		if (i >= WARMUP) {
			map_op[i - WARMUP] = t1 - t0;
			unmap_op[i - WARMUP] = t2 - t1;
			map_ns += t1 - t0;
			unmap_ns += t2 - t1;
		}
	}
	marker(cfg, 0);

	printf("BENCH bdf=%s size=%lu ops=%lu phase=%d ats=%d map_ns=%llu unmap_ns=%llu map_t99_ns=%llu unmap_t99_ns=%llu%s\n",
	       bdf, size, ops, phase, ats, (unsigned long long)map_ns,
	       (unsigned long long)unmap_ns,
	       (unsigned long long)mean99(map_op, ops),
	       (unsigned long long)mean99(unmap_op, ops), fenced());
	close(cfg);
	close(devfd);
	close(bind.iommufd);
	return 0;
}
