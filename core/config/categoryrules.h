#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

class QSettings;

namespace Ferry {

// One of the user's own rules: files from a host (or its subdomains), or with an extension, go to
// the category (a folder of that name inside the download folder).
struct CategoryRule
{
    enum class Match { Host, Extension };

    Match match = Match::Extension;
    QString pattern;   // "example.org", or "mkv" / "tar.gz" (no leading dot); case-insensitive
    QString category;  // also the folder name: one path component

    bool matches(const QString &fileName, const QUrl &url) const;
    friend bool operator==(const CategoryRule &a, const CategoryRule &b)
    {
        return a.match == b.match && a.pattern == b.pattern && a.category == b.category;
    }
};

// The rules that sort a download into a category folder once its final name is known. A plain value:
// it travels with the DownloadRequest to the engine thread and into the stored task, so a restart
// decides the same way. The user's rules come first (hosts, then extensions, each in order), then the
// built-in categories by MIME type (QMimeDatabase, from the name only; nothing is read from disk).
class CategoryRules
{
public:
    // Stable names, also the folder names on disk (never translated: a folder must not move when
    // the language changes). The UI shows them through tr().
    static const QString &videos();
    static const QString &archives();
    static const QString &images();
    static const QString &documents();
    static const QString &programs();
    static QStringList builtInCategories();

    // The built-ins only, no user rules.
    static CategoryRules defaults() { return {}; }
    // Nothing at all: a request with these stays in its folder.
    static CategoryRules none();

    bool useBuiltIns() const { return m_builtIns; }
    void setUseBuiltIns(bool on) { m_builtIns = on; }
    const QList<CategoryRule> &userRules() const { return m_rules; }
    // Rules with an empty pattern or a category that is not one safe folder name are dropped.
    void setUserRules(const QList<CategoryRule> &rules);
    bool isEmpty() const { return !m_builtIns && m_rules.isEmpty(); }

    // The category for a file, empty when none applies. url: the address asked for; finalUrl
    // (after redirects) is also tried for host rules.
    QString categoryFor(const QString &fileName, const QUrl &url, const QUrl &finalUrl = {}) const;
    // Every category these rules can give, built-ins first, without duplicates.
    QStringList categories() const;

    QJsonObject toJson() const;
    static CategoryRules fromJson(const QJsonObject &json);
    // Whether a category name can be a folder: one component, no dots at the start, nothing the
    // file-name sanitiser would change.
    static bool isValidCategoryName(const QString &name);

    friend bool operator==(const CategoryRules &a, const CategoryRules &b)
    {
        return a.m_builtIns == b.m_builtIns && a.m_rules == b.m_rules;
    }
    friend bool operator!=(const CategoryRules &a, const CategoryRules &b) { return !(a == b); }

private:
    static QString builtInCategoryFor(const QString &fileName);

    bool m_builtIns = true;
    QList<CategoryRule> m_rules;
};

// What the user chose about categories: whether downloads are sorted into category folders at all
// (off by default: a file lands where the user said unless they ask for sorting), and the rules,
// which also drive the sidebar's category filter either way.
struct CategorySettings
{
    bool sortIntoFolders = false;
    CategoryRules rules;

    friend bool operator==(const CategorySettings &a, const CategorySettings &b)
    {
        return a.sortIntoFolders == b.sortIntoFolders && a.rules == b.rules;
    }
};

// Reads and writes CategorySettings in a QSettings the caller owns. Keys live under "categories/".
class CategorySettingsStore
{
public:
    explicit CategorySettingsStore(QSettings &settings) : m_settings(settings) {}

    CategorySettings load() const;
    void save(const CategorySettings &settings);

private:
    QSettings &m_settings;
};

} // namespace Ferry
