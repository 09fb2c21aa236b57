// ferry-cli under repeated kill -9: one run downloading two archives and a disk image with a checksum
// list, verifying and extracting them, is killed with SIGKILL at 20 seeded moments (FERRY_CLICRASH_SEED
// replays another) and run again each time with the same command, then left to finish. After every
// kill nothing under a final name may be wrong (a file with other bytes, a half-extracted folder, a
// numbered duplicate); a file whose resume state records bytes from byte 0 must never be asked from 0 again
// (the test server's request log says); the end is every file and every extracted entry right, and
// no partial file, resume state or steps marker left. Prints one count line.
#include "net/resumestate.h"
#include "support/archivemaker.h"
#include "support/clirun.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr int Kills = 20;

struct Item
{
    QString name;  // on the server (under /) and in the folder
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> entries;  // empty: not an archive
    QString folder() const { return name.chopped(7); }  // set0.tar.gz -> set0
};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "bytes=N-..." -> N; -1 without a Range.
qint64 rangeStart(const QByteArray &range)
{
    if (!range.startsWith("bytes="))
        return -1;
    bool ok = false;
    const qint64 n = range.mid(6, range.indexOf('-') - 6).toLongLong(&ok);
    return ok ? n : -1;
}

} // namespace

class TestCliCrash : public QObject
{
    Q_OBJECT

private:
    // Empty when everything under a final name in `dir` is right; else what is wrong.
    static QString checkFinalNames(const QString &dir, const QList<Item> &items, bool mustBeComplete);

private Q_SLOTS:
    void killedTwentyTimes();
};

QString TestCliCrash::checkFinalNames(const QString &dir, const QList<Item> &items, bool mustBeComplete)
{
    QStringList expected;
    for (const Item &item : items) {
        const QString path = QDir(dir).filePath(item.name);
        if (QFileInfo::exists(path)) {
            expected << item.name;
            if (fileSha256Hex(path) != sha256Hex(item.body))
                return item.name + u" is under its final name with the wrong bytes"_s;
        } else if (mustBeComplete) {
            return item.name + u" is missing"_s;
        }
        if (item.entries.isEmpty())
            continue;
        const QString folder = QDir(dir).filePath(item.folder());
        if (!QFileInfo::exists(folder)) {
            if (mustBeComplete)
                return item.folder() + u"/ is missing"_s;
            continue;
        }
        // Published folders are whole: every entry, with its bytes, and nothing else.
        QStringList names;
        for (const auto &[name, data] : item.entries) {
            names << QString::fromUtf8(name);
            if (readFile(QDir(folder).filePath(QString::fromUtf8(name))) != data)
                return item.folder() + u"/"_s + QString::fromUtf8(name) + u" is missing or wrong"_s;
        }
        names.sort();
        if (listFilesRecursively(folder) != names)
            return item.folder() + u"/ holds "_s + listFilesRecursively(folder).join(u", "_s);
        for (const QString &name : std::as_const(names))
            expected << item.folder() + u'/' + name;
    }
    // Nothing else under a visible name: no numbered duplicate of a file or a folder.
    for (const QString &name : listFilesRecursively(dir)) {
        const bool hidden = name.startsWith(u'.') || name.contains(u".ferry-"_s);
        if (!hidden && !expected.contains(name))
            return u"unexpected "_s + name;
    }
    return {};
}

void TestCliCrash::killedTwentyTimes()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(u"out"_s);
    QVERIFY(QDir().mkpath(out));

    QList<Item> items;
    for (int i = 0; i < 2; ++i) {
        Item archive;
        archive.name = u"set%1.tar.gz"_s.arg(i);
        archive.entries = { { "notes.txt", "set " + QByteArray::number(i) + '\n' },
                            { "data/blob.bin", randomBytes((4 - i) << 18, quint32(300 + i)) } };
        const QString file = tmp.filePath(archive.name);
        const QString problem = writeArchive(file, "ustar", "gzip", archive.entries);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        archive.body = readFile(file);
        QVERIFY(QFile::remove(file));
        items.append(archive);
    }
    items.append({ u"disk.img"_s, randomBytes(3 << 18, 377), {} });

    TestServer server;
    QVERIFY(server.listen());
    QByteArray sums;
    QStringList urls;
    for (const Item &item : std::as_const(items)) {
        server.setResource(u"/"_s + item.name, Resource(item.body));
        sums += sha256Hex(item.body) + "  " + item.name.toUtf8() + '\n';
        urls << server.url(u"/"_s + item.name).toString();
    }
    const QString sumsPath = tmp.filePath(u"SHA256SUMS"_s);
    {
        QFile file(sumsPath);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(sums) == sums.size());
    }
    // 192 KiB/s for 2.5 MiB: about 13 s of transfer, so the kills land in the middle of it.
    const QStringList args = QStringList{ u"--json"_s, u"--verbose"_s, u"-d"_s, out, u"-j"_s, u"3"_s,
                                          u"--limit-rate"_s, u"192K"_s, u"--checksums"_s, sumsPath,
                                          u"--verify"_s, u"--extract"_s } + urls;

    const quint32 seed = qEnvironmentVariableIsSet("FERRY_CLICRASH_SEED")
            ? quint32(qEnvironmentVariableIntValue("FERRY_CLICRASH_SEED")) : 20261128u;
    QRandomGenerator random(seed);
    int killed = 0, resumed = 0, fromZero = 0;
    QStringList moments;
    for (int round = 0; round <= Kills; ++round) {
        const bool last = round == Kills;
        // What a rerun can continue: a file whose resume state on disk records bytes from byte 0
        // (a state checkpointed before its first bytes, at most a second into a download, has none).
        QSet<QString> resumable;
        for (const Item &item : std::as_const(items)) {
            const auto state = Ferry::ResumeState::load(QDir(out).filePath(item.name + u".ferry-resume"_s));
            if (state && state->contiguousPrefix() > 0)
                resumable.insert(u"/"_s + item.name);
        }
        const qsizetype before = server.requests().size();

        CliRun run(args);
        if (last) {
            QVERIFY2(run.waitForFinished(), qPrintable(run.describe()));
            QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
        } else {
            // A moment between 0.2 and 1.8 s into this life: starting, hashing what an earlier life
            // finished, downloading, checkpointing, verifying, extracting, publishing.
            const int delay = 200 + int(random.bounded(1600));
            moments << QString::number(delay);
            if (!waitUntil([&] { return !run.isRunning(); }, delay)) {
                QVERIFY(run.killHard());
                QVERIFY(run.crashed());
                ++killed;
            } else {
                QVERIFY(run.waitForFinished());
                QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));  // done before the kill: fine, if clean
            }
        }
        const QString problem = checkFinalNames(out, items, last);
        QVERIFY2(problem.isEmpty(), qPrintable(u"round %1 (seed %2): %3"_s.arg(round).arg(seed).arg(problem)));

        for (const RequestRecord &r : server.requests().mid(before)) {
            if (!resumable.contains(r.path))
                continue;
            if (rangeStart(r.range) > 0 && !r.ifRange.isEmpty()) {
                ++resumed;
            } else {
                ++fromZero;
                qWarning("round %d (seed %u): %s asked from byte 0 although its resume state recorded bytes from 0", round, seed,
                         qPrintable(r.path));
            }
        }
        if (last) {
            QList<QJsonObject> lines;
            QByteArray bad;
            QVERIFY2(run.jsonLines(&lines, &bad), bad.constData());
            QCOMPARE(lines.size(), items.size());
            for (const QJsonObject &line : std::as_const(lines))
                QVERIFY2(line.value("status"_L1).toString() == u"ok"_s, qPrintable(run.describe()));
        }
    }
    qInfo("cli-crash: %d kills (seed %u, at %s ms), %d resumed, %d restarted from zero", killed, seed,
          qPrintable(moments.join(u',')), resumed, fromZero);
    QCOMPARE(fromZero, 0);
    QVERIFY(killed > 0);

    // Nothing of the work in progress is left: no partial file, resume state, steps marker, or
    // staging folder (or its lock) of an extraction a kill cut short.
    for (const QString &name : listFilesRecursively(out, true))
        QVERIFY2(!name.endsWith(u".ferry-part"_s) && !name.endsWith(u".ferry-resume"_s)
                     && !name.endsWith(u".ferry-steps"_s) && !name.contains(u".ferry-extract-"_s),
                 qPrintable(name));
}

QTEST_GUILESS_MAIN(TestCliCrash)
#include "tst_clicrash.moc"
