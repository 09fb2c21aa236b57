#include "store/storefile.h"
#include "store/storeschema.h"
#include "store/taskstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

// A second, plain connection to the same file, to look under the store and to forge bad files.
class RawDb
{
public:
    explicit RawDb(const QString &path) : m_name(u"raw-"_s + QString::number(++s_serial))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        m_open = db.open();
    }
    ~RawDb()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(RawDb)

    bool isOpen() const { return m_open; }
    bool exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(sql);
    }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }

private:
    static inline int s_serial = 0;
    QString m_name;
    bool m_open = false;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(generator.bounded(256));
    return bytes;
}

// A pipeline of n steps, as the engine might write it: about 300 bytes per step.
QByteArray pipelineJson(int steps)
{
    QJsonArray array;
    for (int i = 0; i < steps; ++i) {
        array.append(QJsonObject{
            { u"step"_s, i % 2 ? u"verify"_s : u"extract"_s },
            { u"sha256"_s, QString(u"ab"_s.repeated(32)) },
            { u"target"_s, u"/home/user/Downloads/ünïcode folder/part-%1"_s.arg(i) },
            { u"options"_s, QJsonObject{ { u"overwrite"_s, false }, { u"level"_s, i } } },
        });
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

StoredTask fullTask()
{
    StoredTask t;
    t.kind = u"download"_s;
    t.title = u"Ubuntu 24.04 — Ñandú 日本語 🚀 \u202Eevil"_s;
    t.url = QUrl(u"https://例え.jp/path with space/ファイル.iso?q=a b&x=%2F#frag"_s);
    t.directory = u"/home/user/Downloads/Ü folder"_s;
    t.fileName = u"ファイル (1).iso"_s;
    t.state = 3;
    t.stateDetail = u"waiting for 2 of 3 connections"_s;
    t.bytesDone = 5'000'000'000'123;
    t.bytesTotal = 9'000'000'000'000;
    t.pipelineJson = pipelineJson(4000); // about 1 MB
    t.resumeJson = QByteArray("{\"ranges\":[[0,100,50]],\"etag\":\"\\\"abc\\\"\"}");
    t.errorJson = QByteArray("binary\0safe", 11);
    t.added = QDateTime(QDate(2024, 3, 1), QTime(12, 34, 56, 789));
    t.started = QDateTime(QDate(2024, 3, 1), QTime(12, 35, 0, 1), Qt::UTC);
    t.finished = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000, Qt::UTC);
    t.priority = -7;
    return t;
}

StoredTask simpleTask(int n)
{
    StoredTask t;
    t.kind = u"download"_s;
    t.title = u"file %1"_s.arg(n);
    t.url = QUrl(u"http://127.0.0.1/file-%1.bin"_s.arg(n));
    t.bytesTotal = 1000 + n;
    t.pipelineJson = pipelineJson(1);
    t.added = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + n, Qt::UTC);
    return t;
}

// QString and QByteArray compare null equal to empty: check nullness on its own.
void compareTasks(const StoredTask &actual, const StoredTask &expected)
{
    QCOMPARE(actual.id, expected.id);
    for (const auto &[a, e] : { std::pair{ &actual.kind, &expected.kind },
                                { &actual.title, &expected.title },
                                { &actual.directory, &expected.directory },
                                { &actual.fileName, &expected.fileName },
                                { &actual.stateDetail, &expected.stateDetail } }) {
        QCOMPARE(*a, *e);
        QCOMPARE(a->isNull(), e->isNull());
    }
    for (const auto &[a, e] : { std::pair{ &actual.pipelineJson, &expected.pipelineJson },
                                { &actual.resumeJson, &expected.resumeJson },
                                { &actual.errorJson, &expected.errorJson } }) {
        QCOMPARE(a->size(), e->size());
        QVERIFY(*a == *e);
        QCOMPARE(a->isNull(), e->isNull());
    }
    QCOMPARE(actual.url, expected.url);
    QCOMPARE(actual.state, expected.state);
    QCOMPARE(actual.bytesDone, expected.bytesDone);
    QCOMPARE(actual.bytesTotal, expected.bytesTotal);
    QCOMPARE(actual.added, expected.added);
    QCOMPARE(actual.started, expected.started);
    QCOMPARE(actual.finished, expected.finished);
    QCOMPARE(actual.added.isValid(), expected.added.isValid());
    QCOMPARE(actual.priority, expected.priority);
    QCOMPARE(actual.dependsOn, expected.dependsOn);
    QVERIFY(actual == expected);
}

} // namespace

class TestTaskStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString dbPath() const { return m_dir.filePath(u"ferry.db"_s); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        // Every test starts from no file; a leftover would hide what the test means to show.
        for (const QFileInfo &entry : QDir(m_dir.path()).entryInfoList(QDir::Files | QDir::Hidden))
            QVERIFY(QFile::remove(entry.filePath()));
        // The classic QSqlDatabase teardown mistakes must never happen.
        QTest::failOnWarning(QRegularExpression(u"still in use|duplicate connection"_s));
    }

    void roundTrip_data()
    {
        QTest::addColumn<StoredTask>("task");
        QTest::newRow("every field") << fullTask();
        QTest::newRow("all null") << StoredTask();
        StoredTask empty;
        empty.kind = empty.title = empty.directory = empty.fileName = empty.stateDetail = u""_s;
        empty.pipelineJson = empty.resumeJson = empty.errorJson = QByteArray("");
        QTest::newRow("all empty, not null") << empty;
        StoredTask extremes = simpleTask(1);
        extremes.bytesDone = std::numeric_limits<qint64>::max();
        extremes.bytesTotal = std::numeric_limits<qint64>::min();
        extremes.state = std::numeric_limits<int>::min();
        extremes.priority = std::numeric_limits<int>::max();
        extremes.added = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        QTest::newRow("extremes") << extremes;
    }

    void roundTrip()
    {
        QFETCH(StoredTask, task);
        TaskStore store;
        QCOMPARE(store.open(dbPath()), TaskError());
        QVERIFY(!store.recovery().isError());

        // Dependencies on tasks inserted earlier, in an order that is not sorted.
        QList<StoredTask> others{ simpleTask(1), simpleTask(2), simpleTask(3) };
        QCOMPARE(store.insert(others), TaskError());
        task.dependsOn = { others[2].id, others[0].id, others[1].id };
        QCOMPARE(store.insert(task), TaskError());
        QVERIFY(task.id != 0);

        TaskError error;
        const QList<StoredTask> loaded = store.loadAll(&error);
        QCOMPARE(error, TaskError());
        QCOMPARE(loaded.size(), 4);
        compareTasks(loaded.at(3), task);
        compareTasks(loaded.at(0), others.at(0));
    }

    void idsAreAssignedOrKept()
    {
        TaskStore store;
        QCOMPARE(store.open(dbPath()), TaskError());
        StoredTask a = simpleTask(1);
        StoredTask b = simpleTask(2);
        b.id = 1000;
        QList<StoredTask> batch{ a, b };
        QCOMPARE(store.insert(batch), TaskError());
        QVERIFY(batch[0].id != 0);
        QCOMPARE(batch[1].id, 1000u);

        // A taken id fails the whole batch: the first task of it is not added either.
        StoredTask c = simpleTask(3);
        StoredTask duplicate = simpleTask(4);
        duplicate.id = 1000;
        QList<StoredTask> bad{ c, duplicate };
        const TaskError error = store.insert(bad);
        QCOMPARE(error.code(), TaskError::Code::InvalidInput);
        QCOMPARE(bad[0].id, 0u); // not written back
        QCOMPARE(store.loadAll().size(), 2);

        // So does a dependency on a task that does not exist.
        StoredTask orphan = simpleTask(5);
        orphan.dependsOn = { 424242 };
        QCOMPARE(store.insert(orphan).code(), TaskError::Code::InvalidInput);
        QCOMPARE(store.loadAll().size(), 2);
    }

    void update()
    {
        TaskStore store;
        QCOMPARE(store.open(dbPath()), TaskError());
        QList<StoredTask> tasks{ simpleTask(1), simpleTask(2), fullTask() };
        tasks[2].dependsOn = {};
        QCOMPARE(store.insert(tasks), TaskError());

        StoredTask changed = fullTask();
        changed.id = tasks[0].id;
        changed.title = u"renamed ✓"_s;
        changed.stateDetail = QString();
        changed.resumeJson = QByteArray();
        changed.dependsOn = { tasks[2].id, tasks[1].id };
        QCOMPARE(store.update(changed), TaskError());
        compareTasks(store.loadAll().at(0), changed);

        changed.dependsOn = { tasks[1].id };
        QCOMPARE(store.update(changed), TaskError());
        QCOMPARE(store.loadAll().at(0).dependsOn, QList<quint64>{ tasks[1].id });

        // An unknown id rolls back the rest of the batch.
        StoredTask second = tasks[1];
        second.title = u"must not stick"_s;
        StoredTask ghost = simpleTask(9);
        ghost.id = 999;
        const TaskError error = store.update(QList<StoredTask>{ second, ghost });
        QCOMPARE(error.code(), TaskError::Code::InvalidInput);
        QVERIFY(error.message().contains(u"999"_s));
        QCOMPARE(store.loadAll().at(1).title, tasks[1].title);
    }

    void removeCascadesDependencies()
    {
        TaskStore store;
        QCOMPARE(store.open(dbPath()), TaskError());
        StoredTask a = simpleTask(1);
        QCOMPARE(store.insert(a), TaskError());
        StoredTask b = simpleTask(2);
        b.dependsOn = { a.id };
        QCOMPARE(store.insert(b), TaskError());
        StoredTask c = simpleTask(3);
        c.dependsOn = { a.id, b.id };
        QCOMPARE(store.insert(c), TaskError());

        RawDb raw(dbPath());
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM task_dependencies"_s).toInt(), 3);

        QCOMPARE(store.remove({ a.id, 777 }), TaskError()); // unknown ids are ignored
        QList<StoredTask> loaded = store.loadAll();
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(loaded.at(0).dependsOn, QList<quint64>());
        QCOMPARE(loaded.at(1).dependsOn, QList<quint64>{ b.id });
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM task_dependencies"_s).toInt(), 1);

        // The other direction: removing the dependent task drops its own links too.
        QCOMPARE(store.remove({ c.id }), TaskError());
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM task_dependencies"_s).toInt(), 0);
        QCOMPARE(store.loadAll().size(), 1);
    }

    void saveProgressBatch()
    {
        TaskStore store;
        QCOMPARE(store.open(dbPath()), TaskError());
        QList<StoredTask> tasks;
        for (int i = 0; i < 500; ++i)
            tasks.append(simpleTask(i));
        QCOMPARE(store.insert(tasks), TaskError());
        StoredTask dependent = simpleTask(500);
        dependent.dependsOn = { tasks[0].id };
        QCOMPARE(store.insert(dependent), TaskError());

        QList<StoredTask> changed;
        for (int i = 0; i < 500; i += 3) {
            StoredTask t = tasks[i];
            t.state = 2;
            t.bytesDone = 100 * i + 1;
            t.resumeJson = QByteArray("{\"done\":") + QByteArray::number(i) + '}';
            t.started = QDateTime::fromMSecsSinceEpoch(1'700'000'100'000 + i, Qt::UTC);
            tasks[i] = t;
            changed.append(t);
        }
        StoredTask progress = dependent;
        progress.bytesDone = 42;
        progress.dependsOn = {}; // saveProgress leaves dependencies alone
        changed.append(progress);
        QCOMPARE(store.saveProgress(changed), TaskError());

        const QList<StoredTask> loaded = store.loadAll();
        QCOMPARE(loaded.size(), 501);
        for (int i = 0; i < 500; ++i)
            compareTasks(loaded.at(i), tasks.at(i));
        QCOMPARE(loaded.at(500).bytesDone, 42);
        QCOMPARE(loaded.at(500).dependsOn, QList<quint64>{ tasks[0].id });

        // All or nothing: an unknown id at the end undoes the rows before it.
        QList<StoredTask> bad{ tasks[1], tasks[2] };
        bad[0].bytesDone = bad[1].bytesDone = 777;
        bad[1].id = 99999;
        QCOMPARE(store.saveProgress(bad).code(), TaskError::Code::InvalidInput);
        QCOMPARE(store.loadAll().at(1).bytesDone, tasks[1].bytesDone);
        QCOMPARE(store.saveProgress({}), TaskError());
    }

    void schemaAndSettings()
    {
        {
            TaskStore store;
            QCOMPARE(store.open(dbPath()), TaskError());
            RawDb raw(dbPath());
            QCOMPARE(raw.scalar(u"PRAGMA user_version"_s).toInt(), StoreSchema::CurrentVersion);
            QCOMPARE(raw.scalar(u"PRAGMA application_id"_s).toInt(), StoreSchema::ApplicationId);
            QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
            QCOMPARE(raw.scalar(u"PRAGMA quick_check"_s).toString(), u"ok"_s);
        }
        // Reopening an up-to-date store changes nothing and sets nothing aside.
        TaskStore again;
        QCOMPARE(again.open(dbPath()), TaskError());
        QVERIFY(!again.recovery().isError());
        QVERIFY(again.setAsidePath().isEmpty());
    }

    void reopeningKeepsData()
    {
        QList<StoredTask> tasks{ fullTask(), simpleTask(1), simpleTask(2) };
        {
            TaskStore store;
            QCOMPARE(store.open(dbPath()), TaskError());
            QCOMPARE(store.insert(tasks), TaskError());
            tasks[2].dependsOn = { tasks[0].id, tasks[1].id };
            QCOMPARE(store.update(tasks[2]), TaskError());
            tasks[1].bytesDone = 555;
            QCOMPARE(store.saveProgress({ tasks[1] }), TaskError());
        }
        TaskStore store;
        QCOMPARE(store.open(dbPath()), TaskError());
        const QList<StoredTask> loaded = store.loadAll();
        QCOMPARE(loaded.size(), 3);
        for (int i = 0; i < 3; ++i)
            compareTasks(loaded.at(i), tasks.at(i));
        QCOMPARE(QDir(m_dir.path()).entryList({ u"*.corrupt-*"_s }), QStringList());
    }

    void badFilesAreSetAside_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("random bytes") << u"random"_s;
        QTest::newRow("text file") << u"text"_s;
        QTest::newRow("another program's SQLite") << u"foreign"_s;
        QTest::newRow("newer schema version") << u"newer"_s;
        QTest::newRow("our header, no tables") << u"headeronly"_s;
        QTest::newRow("damaged pages") << u"damaged"_s;
    }

    void badFilesAreSetAside()
    {
        QFETCH(QString, kind);
        const QString path = dbPath();
        if (kind == u"random") {
            QVERIFY(writeFile(path, randomBytes(64 * 1024, 7)));
        } else if (kind == u"text") {
            QVERIFY(writeFile(path, QByteArray("[General]\nthis=is not a database\n").repeated(100)));
        } else if (kind == u"foreign") {
            RawDb raw(path);
            QVERIFY(raw.exec(u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"_s));
            QVERIFY(raw.exec(u"INSERT INTO notes (body) VALUES ('keep me')"_s));
        } else if (kind == u"newer") {
            {
                TaskStore store;
                QCOMPARE(store.open(path), TaskError());
                StoredTask t = simpleTask(1);
                QCOMPARE(store.insert(t), TaskError());
            }
            RawDb raw(path);
            QVERIFY(raw.exec(u"PRAGMA user_version = %1"_s.arg(StoreSchema::CurrentVersion + 1)));
        } else if (kind == u"headeronly") {
            RawDb raw(path);
            QVERIFY(raw.exec(u"PRAGMA application_id = %1"_s.arg(StoreSchema::ApplicationId)));
            QVERIFY(raw.exec(u"PRAGMA user_version = %1"_s.arg(StoreSchema::CurrentVersion)));
            QVERIFY(raw.exec(u"CREATE TABLE tasks (id INTEGER PRIMARY KEY)"_s));
        } else if (kind == u"damaged") {
            {
                TaskStore store;
                QCOMPARE(store.open(path), TaskError());
                QList<StoredTask> tasks;
                for (int i = 0; i < 2000; ++i)
                    tasks.append(simpleTask(i));
                QCOMPARE(store.insert(tasks), TaskError());
            } // closing checkpoints the WAL into the main file
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.size() > 64 * 1024);
            QVERIFY(file.seek(16 * 1024));
            QCOMPARE(file.write(randomBytes(16 * 1024, 11)), 16 * 1024);
        }
        QVERIFY(!QFile::exists(StoreFile::walPath(path)));
        const QByteArray original = readAll(path);
        QVERIFY(!original.isEmpty());

        TaskStore store;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"kept as .*corrupt"_s));
        const TaskError error = store.open(path);
        QCOMPARE(error, TaskError());
        QVERIFY(store.isOpen());

        // Told, kept, never deleted.
        QVERIFY(store.recovery().isError());
        const QString aside = store.setAsidePath();
        QVERIFY2(QRegularExpression(u"/ferry\\.db\\.corrupt-\\d{8}-\\d{6}(-\\d+)?$"_s).match(aside).hasMatch(),
                 qPrintable(aside));
        QVERIFY(store.recovery().message().contains(aside));
        QVERIFY(store.recovery().message().contains(u"empty list"_s));
        QCOMPARE(readAll(aside), original);

        // A fresh, working store in its place.
        QCOMPARE(store.loadAll().size(), 0);
        StoredTask t = simpleTask(1);
        QCOMPARE(store.insert(t), TaskError());
        QCOMPARE(store.loadAll().size(), 1);
        RawDb raw(path);
        QCOMPARE(raw.scalar(u"PRAGMA user_version"_s).toInt(), StoreSchema::CurrentVersion);
    }

    void twoSetAsidesDoNotCollide()
    {
        QStringList asides;
        for (quint32 round = 0; round < 3; ++round) {
            QVERIFY(writeFile(dbPath(), randomBytes(8192, round)));
            TaskStore store;
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"kept as"_s));
            QCOMPARE(store.open(dbPath()), TaskError());
            asides << store.setAsidePath();
        }
        QCOMPARE(QSet<QString>(asides.cbegin(), asides.cend()).size(), 3);
        for (quint32 round = 0; round < 3; ++round)
            QCOMPARE(readAll(asides.at(round)), randomBytes(8192, round));
    }

    void missingFolderIsCreated()
    {
        const QString path = m_dir.filePath(u"deep/er/still/ferry.db"_s);
        TaskStore store;
        QCOMPARE(store.open(path), TaskError());
        QVERIFY(QFileInfo(path).isFile());
        StoredTask t = simpleTask(1);
        QCOMPARE(store.insert(t), TaskError());
    }

    void impossiblePathIsAClearError()
    {
        // Root ignores permission bits, but nobody can make a folder inside a regular file.
        const QString file = m_dir.filePath(u"file"_s);
        QVERIFY(writeFile(file, "not a folder"));
        TaskStore store;
        const TaskError error = store.open(file + u"/ferry.db");
        QCOMPARE(error.code(), TaskError::Code::FileSystem);
        QVERIFY2(error.message().contains(file), qPrintable(error.toString()));
        QVERIFY(!store.isOpen());
        QCOMPARE(readAll(file), QByteArray("not a folder"));

        // Calls on a store that failed to open are errors, not crashes.
        TaskError loadError;
        QCOMPARE(store.loadAll(&loadError).size(), 0);
        QVERIFY(loadError.isError());
        StoredTask t = simpleTask(1);
        QVERIFY(store.insert(t).isError());
        QVERIFY(store.saveProgress({ t }).isError());
        QVERIFY(store.remove({ 1 }).isError());

        // A folder where the file should be is an error too, and is left alone.
        const QString folder = m_dir.filePath(u"folder.db"_s);
        QVERIFY(QDir().mkpath(folder));
        const TaskError folderError = store.open(folder);
        QCOMPARE(folderError.code(), TaskError::Code::FileSystem);
        QVERIFY(QFileInfo(folder).isDir());
        QVERIFY(store.setAsidePath().isEmpty());
    }

    void twoStoresSideBySide()
    {
        TaskStore first;
        TaskStore second;
        QCOMPARE(first.open(dbPath()), TaskError());
        QCOMPARE(second.open(m_dir.filePath(u"other.db"_s)), TaskError());
        StoredTask a = simpleTask(1);
        StoredTask b = simpleTask(2);
        QCOMPARE(first.insert(a), TaskError());
        QCOMPARE(second.insert(b), TaskError());
        QCOMPARE(first.loadAll().constFirst().title, a.title);
        QCOMPARE(second.loadAll().constFirst().title, b.title);
        // Reopening the same object on another file drops the old connection cleanly.
        QCOMPARE(first.open(m_dir.filePath(u"third.db"_s)), TaskError());
        QCOMPARE(first.loadAll().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTaskStore)
#include "tst_taskstore.moc"
