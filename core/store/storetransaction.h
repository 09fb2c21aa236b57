#pragma once

#include <QSqlDatabase>

namespace Ferry {

// One SQLite transaction that rolls back unless commit() succeeded, so every early return leaves
// the database as it was.
class StoreTransaction
{
public:
    explicit StoreTransaction(QSqlDatabase &db) : m_db(db), m_active(db.transaction()) {}
    ~StoreTransaction()
    {
        if (m_active)
            m_db.rollback();
    }
    Q_DISABLE_COPY_MOVE(StoreTransaction)

    bool isActive() const { return m_active; }
    bool commit()
    {
        if (!m_db.commit())
            return false;
        m_active = false;
        return true;
    }

private:
    QSqlDatabase &m_db;
    bool m_active;
};

} // namespace Ferry
