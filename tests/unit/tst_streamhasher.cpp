#include "net/streamhasher.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <fcntl.h>
#include <unistd.h>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

const QList<HashAlgorithm> Algorithms = {HashAlgorithm::Sha256, HashAlgorithm::Md5, HashAlgorithm::Sha1};

QList<QByteArray> expectedDigests(const QByteArray &data)
{
    QList<QByteArray> digests;
    for (HashAlgorithm algorithm : Algorithms)
        digests.append(Hasher::hash(data, algorithm));
    return digests;
}

} // namespace

class tst_StreamHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void digests_data();
    void digests();
    void emptyInput();
    void resultTwice();
    void wrongOffset_data();
    void wrongOffset();
    void readPastEnd();
    void noFile();
    void callerMayCloseItsFd();
    void destroyWithJobsQueued();
    void destroyWithResultPosted();

private:
    // Waits for resultReady and returns its arguments.
    static bool waitForResult(StreamHasher &hasher, QList<QByteArray> &digests, QString &error);

    QTemporaryDir m_dir;
    QByteArray m_data;
    QString m_path;
    int m_fd = -1;
    std::unique_ptr<QThreadPool> m_pool;
};

void tst_StreamHasher::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Several read chunks plus an odd tail.
    QRandomGenerator random(99);
    m_data.resize(5 * 1024 * 1024 + 12345);
    for (char &c : m_data)
        c = char(random.bounded(256));
    m_path = m_dir.filePath(u"partial.bin"_s);
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(m_data), m_data.size());
}

void tst_StreamHasher::init()
{
    m_pool = std::make_unique<QThreadPool>();
    m_pool->setMaxThreadCount(2);
    m_fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC);
    QVERIFY(m_fd >= 0);
}

void tst_StreamHasher::cleanup()
{
    m_pool->waitForDone();
    m_pool.reset();
    ::close(m_fd);
    m_fd = -1;
}

bool tst_StreamHasher::waitForResult(StreamHasher &hasher, QList<QByteArray> &digests, QString &error)
{
    QSignalSpy spy(&hasher, &StreamHasher::resultReady);
    hasher.requestResult();
    if (!spy.wait(30000) || spy.size() != 1)
        return false;
    digests = spy.at(0).at(0).value<QList<QByteArray>>();
    error = spy.at(0).at(1).toString();
    return true;
}

void tst_StreamHasher::digests_data()
{
    // Each character is one piece of the input, in order: 'm' from memory, 'f' from the file.
    QTest::addColumn<QString>("plan");
    QTest::newRow("memory") << u"mmmmmmmmmmmm"_s;
    QTest::newRow("file-whole") << u"f"_s;
    QTest::newRow("file-pieces") << u"ffffffff"_s;
    QTest::newRow("file-then-memory") << u"ffmmmmmm"_s;  // a resumed download
    QTest::newRow("mixed") << u"mfmmffmfmmfm"_s;        // hashing fell behind and caught up
}

void tst_StreamHasher::digests()
{
    QFETCH(QString, plan);

    StreamHasher hasher(Algorithms, m_fd, m_pool.get());
    QCOMPARE(hasher.algorithms(), Algorithms);
    QRandomGenerator random(qHash(plan));
    qint64 offset = 0;
    for (qsizetype i = 0; i < plan.size(); ++i) {
        const bool last = i == plan.size() - 1;
        const qint64 remaining = m_data.size() - offset;
        // Uneven pieces that do not line up with the read chunk size.
        const qint64 length = last ? remaining : qMin(remaining, qint64(random.bounded(1, 1200 * 1024)));
        if (plan.at(i) == u'm')
            hasher.feed(offset, m_data.mid(offset, length));
        else
            hasher.feedFromFile(offset, length);
        offset += length;
        QCOMPARE(hasher.queuedEnd(), offset);
    }
    QCOMPARE(offset, m_data.size());

    QList<QByteArray> digests;
    QString error;
    QVERIFY(waitForResult(hasher, digests, error));
    QCOMPARE(error, QString());
    QCOMPARE(digests, expectedDigests(m_data));
    QCOMPARE(hasher.hashedEnd(), m_data.size());
    QCOMPARE(hasher.pendingMemoryBytes(), 0);
}

void tst_StreamHasher::emptyInput()
{
    StreamHasher hasher(Algorithms, m_fd, m_pool.get());
    hasher.feed(0, {});
    hasher.feedFromFile(0, 0);
    QList<QByteArray> digests;
    QString error;
    QVERIFY(waitForResult(hasher, digests, error));
    QCOMPARE(error, QString());
    QCOMPARE(digests, expectedDigests({}));
}

void tst_StreamHasher::resultTwice()
{
    // A result in the middle does not end hashing: the final one covers everything.
    StreamHasher hasher(Algorithms, m_fd, m_pool.get());
    hasher.feed(0, m_data.first(1000));
    QList<QByteArray> digests;
    QString error;
    QVERIFY(waitForResult(hasher, digests, error));
    QCOMPARE(digests, expectedDigests(m_data.first(1000)));
    hasher.feedFromFile(1000, m_data.size() - 1000);
    QVERIFY(waitForResult(hasher, digests, error));
    QCOMPARE(error, QString());
    QCOMPARE(digests, expectedDigests(m_data));
}

void tst_StreamHasher::wrongOffset_data()
{
    QTest::addColumn<bool>("fromFile");
    QTest::addColumn<qint64>("offset");
    QTest::newRow("memory-gap") << false << qint64(2000);
    QTest::newRow("memory-overlap") << false << qint64(500);
    QTest::newRow("file-gap") << true << qint64(2000);
    QTest::newRow("file-overlap") << true << qint64(0);
}

void tst_StreamHasher::wrongOffset()
{
    QFETCH(bool, fromFile);
    QFETCH(qint64, offset);

    StreamHasher hasher(Algorithms, m_fd, m_pool.get());
    hasher.feed(0, m_data.first(1000));
    if (fromFile)
        hasher.feedFromFile(offset, 100);
    else
        hasher.feed(offset, m_data.mid(offset, 100));
    QCOMPARE(hasher.queuedEnd(), 1000);  // the bad piece was not taken
    // Correct input afterwards does not clear the error: the caller's bookkeeping is broken.
    hasher.feed(1000, m_data.mid(1000, 100));

    QList<QByteArray> digests;
    QString error;
    QVERIFY(waitForResult(hasher, digests, error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QString::number(offset)), qPrintable(error));
    QCOMPARE(hasher.pendingMemoryBytes(), 0);
}

void tst_StreamHasher::readPastEnd()
{
    StreamHasher hasher(Algorithms, m_fd, m_pool.get());
    hasher.feedFromFile(0, m_data.size() + 1);
    QList<QByteArray> digests;
    QString error;
    QVERIFY(waitForResult(hasher, digests, error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(digests.size(), Algorithms.size());
    QVERIFY2(error.contains(QString::number(m_data.size() + 1)), qPrintable(error));
    // Everything up to the end of the file was hashed before the read came up short.
    QCOMPARE(hasher.hashedEnd(), m_data.size());
}

void tst_StreamHasher::noFile()
{
    StreamHasher hasher(Algorithms, -1, m_pool.get());
    hasher.feed(0, "abc"_ba);
    hasher.feedFromFile(3, 10);
    QList<QByteArray> digests;
    QString error;
    QVERIFY(waitForResult(hasher, digests, error));
    QVERIFY(!error.isEmpty());
}

void tst_StreamHasher::callerMayCloseItsFd()
{
    const int fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC);
    QVERIFY(fd >= 0);
    StreamHasher hasher(Algorithms, fd, m_pool.get());
    ::close(fd);
    hasher.feedFromFile(0, m_data.size());
    QList<QByteArray> digests;
    QString error;
    QVERIFY(waitForResult(hasher, digests, error));
    QCOMPARE(error, QString());
    QCOMPARE(digests, expectedDigests(m_data));
}

void tst_StreamHasher::destroyWithJobsQueued()
{
    // Destroyed mid-way with memory pieces, file reads and a result request queued on a 2-thread pool.
    // Run under a sanitizer, a job touching the dead hasher shows up here.
    int results = 0;
    for (int round = 0; round < 20; ++round) {
        auto hasher = std::make_unique<StreamHasher>(Algorithms, m_fd, m_pool.get());
        connect(hasher.get(), &StreamHasher::resultReady, this, [&results] { ++results; });
        qint64 offset = 0;
        for (int i = 0; i < 8; ++i) {
            hasher->feed(offset, m_data.mid(offset, 64 * 1024));
            offset += 64 * 1024;
        }
        hasher->feedFromFile(offset, m_data.size() - offset);
        hasher->requestResult();
        if (round % 2)
            QCoreApplication::processEvents();
        hasher.reset();
    }
    m_pool->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(results, 0);
}

void tst_StreamHasher::destroyWithResultPosted()
{
    // The result job has finished and queued its signal, but the hasher dies before the event loop
    // runs: the queued call must be dropped with it.
    int results = 0;
    auto hasher = std::make_unique<StreamHasher>(Algorithms, m_fd, m_pool.get());
    connect(hasher.get(), &StreamHasher::resultReady, this, [&results] { ++results; });
    hasher->feed(0, m_data.first(100));
    hasher->requestResult();
    m_pool->waitForDone();  // every job ran, so the result call is posted
    hasher.reset();
    QCoreApplication::processEvents();
    QCOMPARE(results, 0);

    // Control: with the hasher alive the same posted call arrives.
    hasher = std::make_unique<StreamHasher>(Algorithms, m_fd, m_pool.get());
    connect(hasher.get(), &StreamHasher::resultReady, this, [&results] { ++results; });
    hasher->requestResult();
    m_pool->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(results, 1);
}

QTEST_GUILESS_MAIN(tst_StreamHasher)
#include "tst_streamhasher.moc"
