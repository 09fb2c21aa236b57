#include "util/serialexecutor.h"

#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <vector>

using namespace Ferry;

class tst_SerialExecutor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void orderFromOneThread();
    void orderFromTwoThreads();
    void neverConcurrent();
    void clearDropsPending();
    void waitForIdleWhenIdle();
    void destructorWaitsAndDrops();
    void sharesSmallPool();

private:
    std::unique_ptr<QThreadPool> m_pool;
};

void tst_SerialExecutor::init()
{
    m_pool = std::make_unique<QThreadPool>();
    m_pool->setMaxThreadCount(2);
}

void tst_SerialExecutor::cleanup()
{
    m_pool->waitForDone();
    m_pool.reset();
}

void tst_SerialExecutor::orderFromOneThread()
{
    std::vector<int> seen;  // touched only by jobs, which never overlap
    SerialExecutor executor(m_pool.get());
    for (int i = 0; i < 1000; ++i)
        executor.post([&seen, i] { seen.push_back(i); });
    executor.waitForIdle();

    QCOMPARE(seen.size(), size_t(1000));
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(seen[size_t(i)], i);
}

void tst_SerialExecutor::orderFromTwoThreads()
{
    std::vector<std::pair<int, int>> seen;
    SerialExecutor executor(m_pool.get());
    QSemaphore go;
    auto poster = [&](int who) {
        return QThread::create([&, who] {
            go.acquire();
            for (int i = 0; i < 500; ++i)
                executor.post([&seen, who, i] { seen.emplace_back(who, i); });
        });
    };
    std::unique_ptr<QThread> a(poster(0));
    std::unique_ptr<QThread> b(poster(1));
    a->start();
    b->start();
    go.release(2);
    QVERIFY(a->wait());
    QVERIFY(b->wait());
    executor.waitForIdle();

    QCOMPARE(seen.size(), size_t(1000));
    int next[2] = {0, 0};
    for (const auto &[who, i] : seen) {
        QCOMPARE(i, next[who]);  // each poster's jobs run in the order it posted them
        ++next[who];
    }
    QCOMPARE(next[0], 500);
    QCOMPARE(next[1], 500);
}

void tst_SerialExecutor::neverConcurrent()
{
    std::atomic<int> inside{0};
    std::atomic<int> maxInside{0};
    std::atomic<int> ran{0};
    SerialExecutor executor(m_pool.get());
    for (int i = 0; i < 2000; ++i) {
        executor.post([&] {
            const int now = ++inside;
            int seen = maxInside.load();
            while (now > seen && !maxInside.compare_exchange_weak(seen, now)) { }
            --inside;
            ++ran;
        });
    }
    executor.waitForIdle();
    QCOMPARE(ran.load(), 2000);
    QCOMPARE(maxInside.load(), 1);
}

void tst_SerialExecutor::clearDropsPending()
{
    QSemaphore started;
    QSemaphore gate;
    std::atomic<int> later{0};
    SerialExecutor executor(m_pool.get());
    executor.post([&] {
        started.release();
        gate.acquire();
    });
    started.acquire();  // the first job is running; everything below is queued behind it
    for (int i = 0; i < 10; ++i)
        executor.post([&] { ++later; });
    executor.clear();
    gate.release();
    executor.waitForIdle();
    QCOMPARE(later.load(), 0);

    // Still usable after a clear.
    executor.post([&] { ++later; });
    executor.waitForIdle();
    QCOMPARE(later.load(), 1);
}

void tst_SerialExecutor::waitForIdleWhenIdle()
{
    SerialExecutor executor(m_pool.get());
    executor.waitForIdle();  // must not block with nothing posted
    std::atomic<int> ran{0};
    executor.post([&] { ++ran; });
    executor.waitForIdle();
    QCOMPARE(ran.load(), 1);
    executor.waitForIdle();
}

void tst_SerialExecutor::destructorWaitsAndDrops()
{
    // Captured state outlives the executor here; the point is that nothing runs after the destructor.
    auto ran = std::make_shared<std::atomic<int>>(0);
    auto running = std::make_shared<std::atomic<bool>>(false);
    QSemaphore started;
    QSemaphore gate;
    auto executor = std::make_unique<SerialExecutor>(m_pool.get());
    executor->post([&, running] {
        running->store(true);
        started.release();
        gate.acquire();
        running->store(false);
    });
    for (int i = 0; i < 100; ++i)
        executor->post([ran] { ++*ran; });
    started.acquire();

    // Release the running job from another thread while this one sits in the destructor. Whether the
    // release comes before or after the destructor starts waiting, the job must be over when it returns.
    std::unique_ptr<QThread> releaser(QThread::create([&] { gate.release(); }));
    releaser->start();
    executor.reset();
    QVERIFY(!running->load());
    const int ranAtDestruction = ran->load();
    QVERIFY(releaser->wait());
    m_pool->waitForDone();
    QCOMPARE(ran->load(), ranAtDestruction);
}

void tst_SerialExecutor::sharesSmallPool()
{
    // More executors than pool threads: each holds a thread only while it works, so all finish.
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    std::vector<std::unique_ptr<SerialExecutor>> executors;
    std::vector<std::vector<int>> seen(8);
    for (int e = 0; e < 8; ++e) {
        executors.push_back(std::make_unique<SerialExecutor>(&pool));
        for (int i = 0; i < 100; ++i)
            executors.back()->post([&seen, e, i] { seen[size_t(e)].push_back(i); });
    }
    for (auto &executor : executors)
        executor->waitForIdle();
    for (const auto &list : seen) {
        QCOMPARE(list.size(), size_t(100));
        for (int i = 0; i < 100; ++i)
            QCOMPARE(list[size_t(i)], i);
    }
    executors.clear();
    pool.waitForDone();
}

QTEST_GUILESS_MAIN(tst_SerialExecutor)
#include "tst_serialexecutor.moc"
