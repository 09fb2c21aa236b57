// Worker threads lower themselves below the GUI thread (core/util/threadpriority).
#include "util/threadpriority.h"

#include <QTest>
#include <QMutex>
#include <QSemaphore>
#include <QSet>
#include <QThread>
#include <QThreadPool>

#include <linux/capability.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

struct Outcome
{
    bool ok = false;
    QString before;
    QString after;
};

// Runs the calls on a fresh thread (a lowered thread stays lowered) and reports what it ran with.
Outcome onNewThread(const std::function<bool()> &calls)
{
    Outcome outcome;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        outcome.before = currentThreadSchedulingText();
        outcome.ok = calls();
        outcome.after = currentThreadSchedulingText();
    }));
    thread->start();
    thread->wait();
    return outcome;
}

int niceOf(const QString &text)
{
    return text.section(u' ', -1).toInt();
}

// Capabilities are per thread on Linux: drops CAP_SYS_NICE from the calling thread only, so a test
// run as root (as CI runs) sees what an ordinary user's Ferry sees.
bool dropSysNiceOnThisThread()
{
    __user_cap_header_struct header{ _LINUX_CAPABILITY_VERSION_3, 0 };
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capget, &header, data) != 0)
        return false;
    data[CAP_TO_INDEX(CAP_SYS_NICE)].effective &= ~CAP_TO_MASK(CAP_SYS_NICE);
    return ::syscall(SYS_capset, &header, data) == 0;
}

// The slice of a thread started by the calling thread.
std::chrono::microseconds sliceOfNewThread()
{
    std::chrono::microseconds slice{};
    std::unique_ptr<QThread> child(QThread::create([&] { slice = currentThreadTimeSlice(); }));
    child->start();
    child->wait();
    return slice;
}

} // namespace

class tst_ThreadPriority : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cpuWorkIsBatchAndNicer();
    void engineIsNicerButNotBatch();
    void neverRaisesAgain();
    void callingThreadOnly();
    void guiThreadAsksForShortSlicesKeepingItsNice();
    void everyThreadOfAPoolAsksForShortSlices();
    void threadsStartedFromTheGuiThreadGetTheDefaultSlice();
    void loweredThreadsGoBackToTheDefaultSlice();
};

void tst_ThreadPriority::initTestCase()
{
#ifndef Q_OS_LINUX
    QSKIP("per-thread scheduling classes are a Linux feature");
#endif
    // Read once per process: make sure a developer's shell does not turn the feature off here.
    qunsetenv("FERRY_NO_WORKER_PRIORITY");
}

void tst_ThreadPriority::cpuWorkIsBatchAndNicer()
{
    const Outcome o = onNewThread([] { return lowerCurrentThread(ThreadRole::Cpu); });
    QVERIFY(o.ok);
    QVERIFY2(o.after.startsWith(u"SCHED_BATCH "_s), qPrintable(o.after));
    QVERIFY2(niceOf(o.after) >= 10, qPrintable(o.after));
}

void tst_ThreadPriority::engineIsNicerButNotBatch()
{
    const Outcome o = onNewThread([] { return lowerCurrentThread(ThreadRole::Engine); });
    QVERIFY(o.ok);
    QVERIFY2(o.after.startsWith(u"SCHED_OTHER "_s), qPrintable(o.after));
    QVERIFY2(niceOf(o.after) >= 5, qPrintable(o.after));
    QVERIFY2(niceOf(o.after) >= niceOf(o.before), qPrintable(o.before + u" -> "_s + o.after));
}

void tst_ThreadPriority::neverRaisesAgain()
{
    // A CPU worker later asked for the engine's class keeps the lower one.
    const Outcome o = onNewThread([] {
        return lowerCurrentThread(ThreadRole::Cpu) && lowerCurrentThread(ThreadRole::Engine)
               && lowerCurrentThread(ThreadRole::Cpu);
    });
    QVERIFY(o.ok);
    QVERIFY2(o.after.startsWith(u"SCHED_BATCH "_s), qPrintable(o.after));
    QVERIFY2(niceOf(o.after) >= 10, qPrintable(o.after));
}

void tst_ThreadPriority::callingThreadOnly()
{
    const QString mine = currentThreadSchedulingText();
    onNewThread([] { return lowerCurrentThread(ThreadRole::Cpu); });
    QCOMPARE(currentThreadSchedulingText(), mine);
}

void tst_ThreadPriority::guiThreadAsksForShortSlicesKeepingItsNice()
{
    std::chrono::microseconds before{}, after{};
    const Outcome o = onNewThread([&] {
        // As if the user had started Ferry with `nice -n 3`: the request must not undo that.
        ::setpriority(PRIO_PROCESS, id_t(::gettid()), 3);
        before = currentThreadTimeSlice();
        const bool ok = requestShortTimeSlices();
        after = currentThreadTimeSlice();
        return ok;
    });
    QVERIFY(o.ok);
    QCOMPARE(o.after, u"SCHED_OTHER nice 3"_s);
    if (before.count() == 0)
        QSKIP("this kernel does not report time slices (custom slices came with Linux 6.12)");
    QVERIFY2(before != kGuiTimeSlice, "the default slice should differ from the one asked for");
    QCOMPARE(after.count(), kGuiTimeSlice.count());
}

void tst_ThreadPriority::everyThreadOfAPoolAsksForShortSlices()
{
    if (currentThreadTimeSlice().count() == 0)
        QSKIP("this kernel does not report time slices (custom slices came with Linux 6.12)");
    QThreadPool pool;
    pool.setMaxThreadCount(3);
    requestShortTimeSlices(&pool);
    QCOMPARE(pool.expiryTimeout(), -1);

    // Three jobs held until all three run: one on each thread, each reporting its slice.
    QMutex mutex;
    QSet<Qt::HANDLE> threads;
    QList<qint64> slices;
    QSemaphore started;
    for (int i = 0; i < 3; ++i) {
        pool.start([&] {
            {
                const QMutexLocker lock(&mutex);
                threads.insert(QThread::currentThreadId());
                slices.append(currentThreadTimeSlice().count());
            }
            started.release();
            started.acquire(3);
            started.release(3);
        });
    }
    QVERIFY(pool.waitForDone(10'000));
    QCOMPARE(threads.size(), 3);
    QCOMPARE(slices, QList<qint64>(3, kGuiTimeSlice.count()));
}

void tst_ThreadPriority::threadsStartedFromTheGuiThreadGetTheDefaultSlice()
{
    // A thread the GUI thread starts (the engine, a network thread; a command run as a step is a
    // process forked the same way) must not share its short slice: a waking GUI thread preempts
    // only a runner with a longer slice, else it waits for the next tick (4 ms at HZ=250).
    std::chrono::microseconds defaultSlice{}, guiSlice{}, childSlice{};
    const Outcome o = onNewThread([&] {
        defaultSlice = sliceOfNewThread();
        const bool ok = requestShortTimeSlices();
        guiSlice = currentThreadTimeSlice();
        childSlice = sliceOfNewThread();
        return ok;
    });
    QVERIFY(o.ok);
    if (defaultSlice.count() == 0)
        QSKIP("this kernel does not report time slices (custom slices came with Linux 6.12)");
    QCOMPARE(guiSlice.count(), kGuiTimeSlice.count());
    QCOMPARE(childSlice.count(), defaultSlice.count());
}

void tst_ThreadPriority::loweredThreadsGoBackToTheDefaultSlice()
{
    // A worker that carries a short slice (started before the GUI thread asked, or by a thread of
    // Qt's pool) takes the default one when it lowers itself, also without privileges.
    std::chrono::microseconds defaultSlice{}, after{};
    bool unprivileged = false;
    const Outcome o = onNewThread([&] {
        defaultSlice = currentThreadTimeSlice();
        unprivileged = dropSysNiceOnThisThread();
        return requestShortTimeSlices() && lowerCurrentThread(ThreadRole::Cpu) && (after = currentThreadTimeSlice(), true);
    });
    QVERIFY(unprivileged);
    QVERIFY(o.ok);
    QVERIFY2(o.after.startsWith(u"SCHED_BATCH "_s), qPrintable(o.after));
    QVERIFY2(niceOf(o.after) >= 10, qPrintable(o.after));
    if (defaultSlice.count() == 0)
        QSKIP("this kernel does not report time slices (custom slices came with Linux 6.12)");
    QCOMPARE(after.count(), defaultSlice.count());
}

QTEST_GUILESS_MAIN(tst_ThreadPriority)
#include "tst_threadpriority.moc"
