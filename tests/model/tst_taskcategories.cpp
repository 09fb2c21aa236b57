// Download categories in the model and the proxy: each download's category by the rules (its
// column and role), live counts, re-sorting when the rules change, and the sidebar's type filter
// combined with the state filter. QAbstractItemModelTester watches both models throughout.
#include "taskfilterproxymodel.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskSnapshot download(TaskId id, const QString &url, TaskState state = TaskState::Queued, const QString &fileName = {})
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Download;
    s.url = QUrl(url);
    s.fileName = fileName;
    s.status = TaskStatus::of(state);
    return s;
}

QList<TaskId> shownIds(const QAbstractItemModel &proxy)
{
    QList<TaskId> ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids.append(proxy.index(row, 0).data(TaskTableModel::TaskIdRole).value<TaskId>());
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

class TestTaskCategories : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<TaskFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;

    QString categoryOf(TaskId id) const
    {
        return m_model->index(m_model->rowOf(id), 0).data(TaskTableModel::FileCategoryRole).toString();
    }

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<TaskTableModel>();
        m_proxy = std::make_unique<TaskFilterProxyModel>();
        m_proxy->setSourceModel(m_model.get());
        m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    }

    void cleanup()
    {
        m_proxyTester.reset();
        m_modelTester.reset();
        m_proxy.reset();
        m_model.reset();
    }

    void downloadsGetTheirCategoryOnceNamed()
    {
        TaskSnapshot step;
        step.id = 4;
        step.kind = TaskKind::Extract;
        step.title = u"Extract"_s;
        step.input = u"/srv/a.zip"_s;
        m_model->applySnapshots({ download(1, u"https://example.org/film.mkv"_s), download(2, u"https://example.org/file"_s),
                                  download(3, u"https://example.org/a.zip"_s), step });
        QCOMPARE(categoryOf(1), CategoryRules::videos());
        QCOMPARE(categoryOf(2), QString());
        QCOMPARE(categoryOf(3), CategoryRules::archives());
        QCOMPARE(categoryOf(4), QString());  // steps are no file type
        QCOMPARE(m_model->index(m_model->rowOf(1), TaskTableModel::Category).data().toString(), u"Videos"_s);
        QCOMPARE(m_model->headerData(TaskTableModel::Category, Qt::Horizontal).toString(), u"Category"_s);
        QCOMPARE(m_model->fileCategoryCount(CategoryRules::videos()), 1);

        // The server names "file" x.iso: it moves from no category to Archives; counts follow.
        QSignalSpy totals(m_model.get(), &TaskTableModel::totalsChanged);
        m_model->applySnapshots({ download(2, u"https://example.org/file"_s, TaskState::Running, u"x.iso"_s) });
        QCOMPARE(totals.count(), 1);
        QCOMPARE(categoryOf(2), CategoryRules::archives());
        QCOMPARE(m_model->fileCategoryCount(CategoryRules::archives()), 2);
        m_model->removeTasks({ 3 });
        QCOMPARE(m_model->fileCategoryCount(CategoryRules::archives()), 1);
        m_model->removeTasks({ 2 });
        QCOMPARE(m_model->fileCategoryCount(CategoryRules::archives()), 0);
    }

    void newRulesSortEveryRowAgain()
    {
        m_model->applySnapshots({ download(1, u"https://videos.example.org/film.mkv"_s), download(2, u"https://other.net/b.mkv"_s) });
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        CategoryRules rules = CategoryRules::none();
        rules.setUserRules({ { CategoryRule::Match::Host, u"example.org"_s, u"Example"_s } });
        m_model->setCategoryRules(rules);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(categoryOf(1), u"Example"_s);
        QCOMPARE(categoryOf(2), QString());
        QCOMPARE(m_model->fileCategoryCount(u"Example"_s), 1);
        QCOMPARE(m_model->fileCategoryCount(CategoryRules::videos()), 0);
        m_model->setCategoryRules(rules);  // the same rules: nothing to announce
        QCOMPARE(changed.count(), 1);
    }

    void typeFilterCombinesWithTheStateFilter()
    {
        m_model->applySnapshots({ download(1, u"https://example.org/a.mkv"_s, TaskState::Running),
                                  download(2, u"https://example.org/b.mkv"_s, TaskState::Succeeded),
                                  download(3, u"https://example.org/c.png"_s, TaskState::Succeeded),
                                  download(4, u"https://example.org/d"_s, TaskState::Succeeded) });
        m_proxy->setFileCategory(CategoryRules::videos());
        QCOMPARE(shownIds(*m_proxy), (QList<TaskId>{ 1, 2 }));
        m_proxy->setCategory(TaskCategory::Finished);
        QCOMPARE(shownIds(*m_proxy), (QList<TaskId>{ 2 }));
        m_proxy->setFileCategory({});
        QCOMPARE(shownIds(*m_proxy), (QList<TaskId>{ 2, 3, 4 }));
        // A row whose name changes moves into the filter (the proxy filters dynamically).
        m_proxy->setFileCategory(CategoryRules::images());
        QCOMPARE(shownIds(*m_proxy), (QList<TaskId>{ 3 }));
        m_model->applySnapshots({ download(4, u"https://example.org/d"_s, TaskState::Succeeded, u"d.jpg"_s) });
        QCOMPARE(shownIds(*m_proxy), (QList<TaskId>{ 3, 4 }));
    }
};

QTEST_MAIN(TestTaskCategories)
#include "tst_taskcategories.moc"
