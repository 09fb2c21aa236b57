#include "taskfilterproxymodel.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskSnapshot task(TaskId id, TaskState state, const QString &name, const QString &url = {})
{
    TaskSnapshot s;
    s.id = id;
    s.kind = url.isEmpty() ? TaskKind::Extract : TaskKind::Download;
    s.title = name;
    s.url = QUrl(url);
    s.status = state == TaskState::Waiting ? TaskStatus::waiting(WaitReason::Dependencies) : TaskStatus::of(state);
    return s;
}

} // namespace

class TestTaskFilterProxyModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void filterAcceptsRow_data();
    void filterAcceptsRow();
    void followsStateChanges();
    void sortsOnRawValues();

private:
    QList<TaskId> shownIds() const;

    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<TaskFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestTaskFilterProxyModel::init()
{
    m_model = std::make_unique<TaskTableModel>();
    m_proxy = std::make_unique<TaskFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_model->applySnapshots({
        task(1, TaskState::Running, u"ubuntu.iso"_s, u"https://releases.example.org/ubuntu.iso"_s),
        task(2, TaskState::Queued, u"debian.iso"_s, u"https://cdimage.example.org/debian.iso"_s),
        task(3, TaskState::Waiting, u"Extract photos.tar.gz"_s),
        task(4, TaskState::Paused, u"fedora.iso"_s, u"https://mirror.example.net/fedora.iso"_s),
        task(5, TaskState::Succeeded, u"photos.tar.gz"_s, u"https://example.org/photos.tar.gz"_s),
        task(6, TaskState::Failed, u"broken.zip"_s, u"https://example.org/broken.zip"_s),
        task(7, TaskState::Cancelled, u"Verify photos.tar.gz"_s),
    });
}

void TestTaskFilterProxyModel::cleanup()
{
    m_tester.reset();
    m_proxy.reset();
    m_model.reset();
}

QList<TaskId> TestTaskFilterProxyModel::shownIds() const
{
    QList<TaskId> ids;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        ids.append(m_proxy->index(row, 0).data(TaskTableModel::TaskIdRole).value<TaskId>());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void TestTaskFilterProxyModel::filterAcceptsRow_data()
{
    QTest::addColumn<int>("category");  // -1: all
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<TaskId>>("expected");

    QTest::newRow("all") << -1 << QString() << QList<TaskId>{1, 2, 3, 4, 5, 6, 7};
    QTest::newRow("active") << int(TaskCategory::Active) << QString() << QList<TaskId>{1};
    QTest::newRow("queued, waiting and paused") << int(TaskCategory::Queued) << QString() << QList<TaskId>{2, 3, 4};
    QTest::newRow("finished") << int(TaskCategory::Finished) << QString() << QList<TaskId>{5};
    QTest::newRow("failed and cancelled") << int(TaskCategory::Failed) << QString() << QList<TaskId>{6, 7};
    QTest::newRow("text in the name, any case") << -1 << u"PHOTOS"_s << QList<TaskId>{3, 5, 7};
    QTest::newRow("text in the URL") << -1 << u"mirror.example.net"_s << QList<TaskId>{4};
    QTest::newRow("text and category") << int(TaskCategory::Failed) << u"photos"_s << QList<TaskId>{7};
    QTest::newRow("blank text is no filter") << int(TaskCategory::Finished) << u"   "_s << QList<TaskId>{5};
    QTest::newRow("nothing matches") << -1 << u"windows"_s << QList<TaskId>{};
}

void TestTaskFilterProxyModel::filterAcceptsRow()
{
    QFETCH(int, category);
    QFETCH(QString, text);
    QFETCH(QList<TaskId>, expected);
    m_proxy->setCategory(category < 0 ? std::nullopt : std::optional(TaskCategory(category)));
    m_proxy->setText(text);
    QCOMPARE(shownIds(), expected);
    m_proxy->setCategory(std::nullopt);
    m_proxy->setText({});
    QCOMPARE(m_proxy->rowCount(), 7);
}

void TestTaskFilterProxyModel::followsStateChanges()
{
    m_proxy->setCategory(TaskCategory::Active);
    QCOMPARE(shownIds(), QList<TaskId>{1});
    m_model->applySnapshots({task(1, TaskState::Succeeded, u"ubuntu.iso"_s, u"https://releases.example.org/ubuntu.iso"_s),
                             task(2, TaskState::Running, u"debian.iso"_s, u"https://cdimage.example.org/debian.iso"_s)});
    QCOMPARE(shownIds(), QList<TaskId>{2});
    m_model->removeTasks({2});
    QCOMPARE(shownIds(), QList<TaskId>{});
}

void TestTaskFilterProxyModel::sortsOnRawValues()
{
    m_proxy->sort(TaskTableModel::Name, Qt::DescendingOrder);
    QCOMPARE(m_proxy->index(0, TaskTableModel::Name).data().toString(), u"ubuntu.iso"_s);
    m_proxy->sort(TaskTableModel::Status, Qt::AscendingOrder);  // by state: Queued first
    QCOMPARE(m_proxy->index(0, 0).data(TaskTableModel::TaskIdRole).value<TaskId>(), TaskId(2));
}

QTEST_MAIN(TestTaskFilterProxyModel)
#include "tst_taskfilterproxymodel.moc"
