#include "util/threadpriority.h"

#include <QSemaphore>
#include <QThreadPool>
#include <QtGlobal>

#include <memory>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool disabledByEnvironment()
{
    static const bool disabled = qEnvironmentVariableIntValue("FERRY_NO_WORKER_PRIORITY") != 0;
    return disabled;
}

#ifdef Q_OS_LINUX
// The calling thread's nice value; PRIO_PROCESS with a thread id addresses one thread on Linux.
bool niceOfThread(int *nice)
{
    errno = 0;
    const int value = ::getpriority(PRIO_PROCESS, id_t(::gettid()));
    if (value == -1 && errno != 0)
        return false;
    *nice = value;
    return true;
}

// struct sched_attr as of Linux 3.14 (SCHED_ATTR_SIZE_VER0); glibc 2.36 has no wrapper for it.
struct SchedAttr
{
    quint32 size = sizeof(SchedAttr);
    quint32 policy = 0;
    quint64 flags = 0;
    qint32 nice = 0;
    quint32 priority = 0;
    quint64 runtimeNs = 0;  // for the fair classes since Linux 6.12: the thread's time slice
    quint64 deadlineNs = 0;
    quint64 periodNs = 0;
};
static_assert(sizeof(SchedAttr) == 48);

constexpr quint64 SchedFlagResetOnFork = 0x01;  // SCHED_FLAG_RESET_ON_FORK, not in glibc 2.36's headers

// Whether the calling thread resets its children's scheduling on fork. Once set, only a privileged
// thread may clear it, so every later change must carry it on.
bool resetsOnFork()
{
    SchedAttr attr;
    return ::syscall(SYS_sched_getattr, 0, &attr, unsigned(sizeof attr), 0U) == 0
           && (attr.flags & SchedFlagResetOnFork) != 0;
}

// Sets the calling thread's time slice (zero: the kernel's default), keeping its class and nice value.
bool setCurrentThreadSlice(std::chrono::nanoseconds slice, quint64 flags)
{
    const int policy = ::sched_getscheduler(0) & ~SCHED_RESET_ON_FORK;  // the flag comes back in the policy
    int nice = 0;
    if ((policy != SCHED_OTHER && policy != SCHED_BATCH) || !niceOfThread(&nice))
        return false;  // a real-time or idle thread is someone's deliberate choice: leave it
    SchedAttr attr;
    attr.policy = quint32(policy);
    attr.flags = flags | (resetsOnFork() ? SchedFlagResetOnFork : 0);
    attr.nice = nice;  // sched_setattr sets the nice value too: keep the one the thread has
    attr.runtimeNs = quint64(slice.count());
    return ::syscall(SYS_sched_setattr, 0, &attr, 0U) == 0;
}
#endif

} // namespace

bool lowerCurrentThread(ThreadRole role)
{
    // The strongest role applied to this thread so far (-1: none).
    thread_local int applied = -1;
    if (applied >= int(role) || disabledByEnvironment())
        return applied >= int(role);
#ifdef Q_OS_LINUX
    bool ok = true;
    if (role == ThreadRole::Cpu) {
        // SCHED_BATCH keeps the nice value (it is a fair class) and tells the kernel this thread is
        // CPU-bound: it never preempts a thread that wakes up, such as the GUI thread.
        const sched_param param{};
        ok = ::sched_setscheduler(0, SCHED_BATCH | (resetsOnFork() ? SCHED_RESET_ON_FORK : 0), &param) == 0;
    }
    const int wanted = role == ThreadRole::Cpu ? 10 : 5;
    int nice = 0;
    if (niceOfThread(&nice) && nice < wanted)
        ok = ::setpriority(PRIO_PROCESS, id_t(::gettid()), wanted) == 0 && ok;
    // The kernel's default slice, longer than the GUI thread's: a waking thread preempts the runner
    // at once only when its slice is shorter. A thread started by a short-sliced one may carry
    // that slice (sched_setscheduler keeps it).
    if (currentThreadTimeSlice().count() != 0)
        setCurrentThreadSlice({}, 0);
    applied = int(role);
    return ok;
#else
    Q_UNUSED(role);
    applied = int(role);
    return false;
#endif
}

bool requestShortTimeSlices(std::chrono::microseconds slice)
{
    if (disabledByEnvironment())
        return false;
#ifdef Q_OS_LINUX
    // Reset on fork: the threads and processes this thread starts (the engine, the network threads,
    // a command run as a step) begin with the default slice. Inheriting the short one would put them
    // on the GUI thread's level, and a waking GUI thread would again wait out their slices.
    return setCurrentThreadSlice(slice, SchedFlagResetOnFork);
#else
    Q_UNUSED(slice);
    return false;
#endif
}

void requestShortTimeSlices(QThreadPool *pool, std::chrono::microseconds slice)
{
    pool->setExpiryTimeout(-1);
    // One job per thread: each waits until all have started, so no thread runs two of them.
    const int threads = pool->maxThreadCount();
    auto started = std::make_shared<QSemaphore>();
    for (int i = 0; i < threads; ++i) {
        pool->start([started, threads, slice] {
            requestShortTimeSlices(slice);
            started->release();
            started->acquire(threads);  // all of them here: pass the permits on to the others
            started->release(threads);
        });
    }
}

std::chrono::microseconds currentThreadTimeSlice()
{
#ifdef Q_OS_LINUX
    SchedAttr attr;
    if (::syscall(SYS_sched_getattr, 0, &attr, unsigned(sizeof attr), 0U) != 0)
        return {};
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::nanoseconds(attr.runtimeNs));
#else
    return {};
#endif
}

QString currentThreadSchedulingText()
{
#ifdef Q_OS_LINUX
    const int policy = ::sched_getscheduler(0) & ~SCHED_RESET_ON_FORK;  // the flag comes back in the policy
    const QString name = policy == SCHED_OTHER   ? u"SCHED_OTHER"_s
                         : policy == SCHED_BATCH ? u"SCHED_BATCH"_s
                         : policy == SCHED_IDLE  ? u"SCHED_IDLE"_s
                                                 : u"policy %1"_s.arg(policy);
    int nice = 0;
    return niceOfThread(&nice) ? u"%1 nice %2"_s.arg(name).arg(nice) : name;
#else
    return u"unknown"_s;
#endif
}

} // namespace Ferry
