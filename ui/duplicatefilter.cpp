#include "duplicatefilter.h"

#include "net/filenames.h"
#include "tasktablemodel.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QUrl comparable(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePassword | QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
}

// Blocking: stats the folders. For each request, the path of a file already there, else empty.
QStringList existingFiles(const QList<DownloadRequest> &requests)
{
    QStringList found;
    found.reserve(requests.size());
    for (const DownloadRequest &request : requests) {
        const QString name = DuplicateFilter::expectedName(request);
        QString hit;
        QStringList candidates{ QDir(request.directory).filePath(name) };
        const QString category = request.categories.categoryFor(name, request.url);
        if (!category.isEmpty())
            candidates.append(QDir(QDir(request.directory).filePath(category)).filePath(name));
        for (const QString &path : std::as_const(candidates)) {
            if (QFileInfo(path).isFile()) {
                hit = path;
                break;
            }
        }
        found.append(hit);
    }
    return found;
}

} // namespace

DuplicateFilter::DuplicateFilter(const TaskTableModel *model, QWidget *dialogParent)
    : QObject(dialogParent), m_model(model), m_dialogParent(dialogParent)
{
    m_pool.setMaxThreadCount(1);
}

DuplicateFilter::~DuplicateFilter()
{
    m_pool.waitForDone();
}

QString DuplicateFilter::expectedName(const DownloadRequest &request)
{
    return FileNames::sanitize(request.fileName.isEmpty() ? FileNames::fromUrl(request.url) : request.fileName);
}

void DuplicateFilter::submit(const QList<DownloadRequest> &requests, const Recipe &recipe)
{
    // The queue, from the model's copies (cheap, and only the GUI thread touches the model).
    QSet<QUrl> seen;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const TaskSnapshot &s = m_model->snapshotAt(row);
        if (s.kind == TaskKind::Download)
            seen.insert(comparable(s.url));
    }
    QList<QString> reasons;
    reasons.reserve(requests.size());
    for (const DownloadRequest &request : requests) {
        const QUrl url = comparable(request.url);
        reasons.append(seen.contains(url) ? tr("%1 is already in the queue").arg(request.url.toDisplayString())
                                          : QString());
        seen.insert(url);
    }

    // The folders, off the GUI thread.
    auto *watcher = new QFutureWatcher<QStringList>(this);
    connect(watcher, &QFutureWatcher<QStringList>::finished, this, [this, watcher, requests, recipe, reasons]() mutable {
        const QStringList existing = watcher->result();
        watcher->deleteLater();
        for (qsizetype i = 0; i < reasons.size() && i < existing.size(); ++i) {
            if (reasons[i].isEmpty() && !existing[i].isEmpty())
                reasons[i] = tr("%1 already exists").arg(QDir::toNativeSeparators(existing[i]));
        }
        if (std::all_of(reasons.cbegin(), reasons.cend(), [](const QString &r) { return r.isEmpty(); }))
            Q_EMIT passed(requests, recipe, 0);
        else
            ask(requests, recipe, reasons);
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [requests] { return existingFiles(requests); }));
}

void DuplicateFilter::ask(const QList<DownloadRequest> &requests, const Recipe &recipe, const QList<QString> &reasons)
{
    QStringList lines;
    int duplicates = 0;
    for (const QString &reason : reasons) {
        if (reason.isEmpty())
            continue;
        if (++duplicates <= 8)
            lines.append(u"\u2022 "_s + reason);
    }
    if (duplicates > lines.size())
        lines.append(tr("\u2026 and %n more", "", duplicates - int(lines.size())));

    auto *box = new QMessageBox(QMessageBox::Question, tr("Already Downloaded or Queued"),
                                tr("%n of the URLs you are adding is already in the queue or downloaded:", "", duplicates),
                                QMessageBox::NoButton, m_dialogParent);
    box->setObjectName(u"duplicateQuestion"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(lines.join(u'\n'));
    QPushButton *skip = box->addButton(tr("&Skip Duplicates"), QMessageBox::RejectRole);
    skip->setObjectName(u"skipDuplicatesButton"_s);
    QPushButton *again = box->addButton(tr("&Download Again Under a New Name"), QMessageBox::AcceptRole);
    again->setObjectName(u"downloadAgainButton"_s);
    box->setDefaultButton(skip);
    box->setEscapeButton(skip);
    connect(box, &QMessageBox::buttonClicked, this, [this, again, requests, recipe, reasons](QAbstractButton *clicked) {
        if (clicked == again) {
            Q_EMIT passed(requests, recipe, 0);  // the engine picks "name (1).ext" for a taken name
            return;
        }
        QList<DownloadRequest> kept;
        for (qsizetype i = 0; i < requests.size(); ++i) {
            if (reasons.value(i).isEmpty())
                kept.append(requests[i]);
        }
        Q_EMIT passed(kept, recipe, int(requests.size() - kept.size()));
    });
    box->open();
}

} // namespace Ferry
