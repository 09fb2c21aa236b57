#include "config/categoryrules.h"

#include "net/filenames.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QMutex>
#include <QSet>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const QString Group = u"categories/"_s;

// Installers and packages, by exact type: a shell script or a JSON file also "inherits"
// application/x-executable in shared-mime-info, and a .jar or .apk is a zip, so these come first and
// never by inheritance.
const QStringList programTypes{
    u"application/x-ms-dos-executable"_s, u"application/x-msdownload"_s, u"application/vnd.microsoft.portable-executable"_s,
    u"application/x-msi"_s, u"application/vnd.debian.binary-package"_s, u"application/x-rpm"_s,
    u"application/vnd.android.package-archive"_s, u"application/x-apple-diskimage"_s, u"application/vnd.appimage"_s,
    u"application/vnd.flatpak"_s, u"application/vnd.snap"_s, u"application/x-java-archive"_s,
    u"application/x-executable"_s,
};
// Office files and e-books are zips underneath: they are matched before the archives.
const QStringList documentTypes{
    u"application/pdf"_s, u"application/msword"_s, u"application/vnd.ms-excel"_s, u"application/vnd.ms-powerpoint"_s,
    u"application/rtf"_s, u"application/epub+zip"_s, u"application/x-mobipocket-ebook"_s, u"application/postscript"_s,
};
const QStringList documentPrefixes{ u"text/"_s, u"application/vnd.openxmlformats-officedocument."_s,
                                    u"application/vnd.oasis.opendocument."_s };
// By inheritance: a .tar.gz (application/x-compressed-tar) is a gzip file.
const QStringList archiveTypes{
    u"application/zip"_s, u"application/x-tar"_s, u"application/gzip"_s, u"application/x-bzip"_s,
    u"application/x-bzip2"_s, u"application/x-xz"_s, u"application/zstd"_s, u"application/x-7z-compressed"_s,
    u"application/vnd.rar"_s, u"application/x-rar"_s, u"application/x-lzma"_s, u"application/x-lz4"_s,
    u"application/x-compress"_s, u"application/x-cpio"_s, u"application/vnd.ms-cab-compressed"_s,
    u"application/x-cd-image"_s, u"application/x-raw-disk-image"_s,
};

bool hasExactType(const QMimeType &mime, const QStringList &types)
{
    if (types.contains(mime.name()))
        return true;
    const QStringList aliases = mime.aliases();
    return std::any_of(aliases.cbegin(), aliases.cend(), [&types](const QString &a) { return types.contains(a); });
}

bool hostMatches(const QString &pattern, const QUrl &url)
{
    const QString host = url.host().toLower();
    return !host.isEmpty() && (host == pattern || host.endsWith(u'.' + pattern));
}

QString normalisedPattern(const CategoryRule &rule)
{
    QString pattern = rule.pattern.trimmed().toLower();
    if (rule.match == CategoryRule::Match::Extension) {
        while (pattern.startsWith(u'.'))
            pattern.remove(0, 1);
    } else if (pattern.startsWith(u'.')) {
        pattern.remove(0, 1);
    }
    return pattern;
}

} // namespace

bool CategoryRule::matches(const QString &fileName, const QUrl &url) const
{
    if (match == Match::Host)
        return hostMatches(pattern, url);
    return fileName.size() > pattern.size() + 1 && fileName.endsWith(u'.' + pattern, Qt::CaseInsensitive);
}

const QString &CategoryRules::videos()
{
    static const QString name = u"Videos"_s;
    return name;
}

const QString &CategoryRules::archives()
{
    static const QString name = u"Archives"_s;
    return name;
}

const QString &CategoryRules::images()
{
    static const QString name = u"Images"_s;
    return name;
}

const QString &CategoryRules::documents()
{
    static const QString name = u"Documents"_s;
    return name;
}

const QString &CategoryRules::programs()
{
    static const QString name = u"Programs"_s;
    return name;
}

QStringList CategoryRules::builtInCategories()
{
    return { videos(), archives(), images(), documents(), programs() };
}

CategoryRules CategoryRules::none()
{
    CategoryRules rules;
    rules.m_builtIns = false;
    return rules;
}

bool CategoryRules::isValidCategoryName(const QString &name)
{
    return !name.isEmpty() && name != u".." && FileNames::sanitize(name, QString()) == name;
}

void CategoryRules::setUserRules(const QList<CategoryRule> &rules)
{
    m_rules.clear();
    for (CategoryRule rule : rules) {
        rule.pattern = normalisedPattern(rule);
        rule.category = rule.category.trimmed();
        if (!rule.pattern.isEmpty() && isValidCategoryName(rule.category))
            m_rules.append(rule);
    }
}

namespace {

// What a MIME type (never the default one) sorts into. Its aliases and parents are a slow walk
// through the shared database: builtInCategoryFor() remembers the answer per type.
QString categoryOfMimeType(const QMimeType &mime)
{
    const QString name = mime.name();
    if (hasExactType(mime, programTypes))
        return CategoryRules::programs();
    if (hasExactType(mime, documentTypes)
        || std::any_of(documentPrefixes.cbegin(), documentPrefixes.cend(),
                       [&name](const QString &prefix) { return name.startsWith(prefix); }))
        return CategoryRules::documents();
    if (name.startsWith(u"video/"))
        return CategoryRules::videos();
    if (name.startsWith(u"image/"))
        return CategoryRules::images();
    for (const QString &type : archiveTypes) {
        if (mime.inherits(type))
            return CategoryRules::archives();
    }
    return {};
}

} // namespace

QString CategoryRules::builtInCategoryFor(const QString &fileName)
{
    // Loading 10,000 tasks classifies 10,000 names of a few dozen types (the GUI thread does it
    // while the window opens); the engine and the model classify from their own threads.
    static QMutex mutex;
    static QHash<QString, QString> byType;
    // A name no type claims costs a scan of every glob pattern (30 to 90 us, where a known
    // extension costs 2 us), and a batch of downloads often shares such an extension
    // ("data-0042.bin"): 100 new rows took 5 ms of one GUI-thread slice. So an extension that matched
    // nothing once is of no category from then on. A name without one is looked up every time: whole
    // names are patterns too ("Makefile").
    static QSet<QString> unclaimedSuffixes;
    const qsizetype dot = fileName.lastIndexOf(u'.');
    const QString suffix = dot > 0 ? fileName.sliced(dot + 1).toLower() : QString();
    if (!suffix.isEmpty()) {
        const QMutexLocker lock(&mutex);
        if (unclaimedSuffixes.contains(suffix))
            return {};
    }
    // QMimeDatabase is thread-safe; MatchExtension looks at the name only.
    const QMimeType mime = QMimeDatabase().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension);
    if (!mime.isValid() || mime.isDefault()) {
        if (!suffix.isEmpty()) {
            const QMutexLocker lock(&mutex);
            unclaimedSuffixes.insert(suffix);
        }
        return {};
    }
    const QString type = mime.name();
    {
        const QMutexLocker lock(&mutex);
        if (const auto known = byType.constFind(type); known != byType.cend())
            return *known;
    }
    const QString category = categoryOfMimeType(mime);
    const QMutexLocker lock(&mutex);
    byType.insert(type, category);
    return category;
}

QString CategoryRules::categoryFor(const QString &fileName, const QUrl &url, const QUrl &finalUrl) const
{
    for (const CategoryRule &rule : m_rules) {
        if (rule.match == CategoryRule::Match::Host
            && (rule.matches(fileName, url) || (finalUrl.isValid() && rule.matches(fileName, finalUrl))))
            return rule.category;
    }
    for (const CategoryRule &rule : m_rules) {
        if (rule.match == CategoryRule::Match::Extension && rule.matches(fileName, url))
            return rule.category;
    }
    return m_builtIns && !fileName.isEmpty() ? builtInCategoryFor(fileName) : QString();
}

QStringList CategoryRules::categories() const
{
    QStringList all = m_builtIns ? builtInCategories() : QStringList();
    for (const CategoryRule &rule : m_rules) {
        if (!all.contains(rule.category))
            all.append(rule.category);
    }
    return all;
}

QJsonObject CategoryRules::toJson() const
{
    QJsonArray rules;
    for (const CategoryRule &rule : m_rules) {
        rules.append(QJsonObject{ { u"match"_s, rule.match == CategoryRule::Match::Host ? u"host"_s : u"extension"_s },
                                  { u"pattern"_s, rule.pattern },
                                  { u"category"_s, rule.category } });
    }
    return { { u"builtIns"_s, m_builtIns }, { u"rules"_s, rules } };
}

CategoryRules CategoryRules::fromJson(const QJsonObject &json)
{
    CategoryRules result;
    result.m_builtIns = json.value(u"builtIns"_s).toBool(true);
    QList<CategoryRule> rules;
    for (const QJsonValue &value : json.value(u"rules"_s).toArray()) {
        const QJsonObject o = value.toObject();
        const QString match = o.value(u"match"_s).toString();
        if (match != u"host" && match != u"extension")
            continue;
        rules.append({ match == u"host" ? CategoryRule::Match::Host : CategoryRule::Match::Extension,
                       o.value(u"pattern"_s).toString(), o.value(u"category"_s).toString() });
    }
    result.setUserRules(rules);  // the same checks as the editor's: a hand-edited file cannot escape
    return result;
}

CategorySettings CategorySettingsStore::load() const
{
    CategorySettings settings;
    settings.sortIntoFolders = m_settings.value(Group + u"sortIntoFolders"_s, false).toBool();
    const QByteArray json = m_settings.value(Group + u"rules"_s).toString().toUtf8();
    if (!json.isEmpty())
        settings.rules = CategoryRules::fromJson(QJsonDocument::fromJson(json).object());
    return settings;
}

void CategorySettingsStore::save(const CategorySettings &settings)
{
    m_settings.setValue(Group + u"sortIntoFolders"_s, settings.sortIntoFolders);
    m_settings.setValue(Group + u"rules"_s,
                        QString::fromUtf8(QJsonDocument(settings.rules.toJson()).toJson(QJsonDocument::Compact)));
}

} // namespace Ferry
