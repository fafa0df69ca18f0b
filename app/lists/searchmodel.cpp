#include "searchmodel.h"

#include "client/account/account.h"
#include "client/store/localstore.h"
#include "streaminfo.h"

#include <QDateTime>

namespace confab::app {

using namespace Qt::StringLiterals;
using client::SearchHit;

namespace {
QString kindName(SearchHit::Kind kind)
{
    return kind == SearchHit::Kind::Message ? u"message"_s : u"notification"_s;
}
} // namespace

SearchModel::SearchModel(QObject *parent)
    : SyncedListModel(parent)
{
}

SearchModel::~SearchModel() = default;

QString SearchModel::snippetToHtml(const QString &snippet)
{
    QString html;
    html.reserve(snippet.size() + 32);
    bool open = false;
    for (const QChar c : snippet) {
        if (c == QChar(0x02)) {
            if (!open)
                html += "<b>"_L1;
            open = true;
        } else if (c == QChar(0x03)) {
            if (open)
                html += "</b>"_L1;
            open = false;
        } else if (c == u'<') {
            html += "&lt;"_L1;
        } else if (c == u'>') {
            html += "&gt;"_L1;
        } else if (c == u'&') {
            html += "&amp;"_L1;
        } else if (c == u'"') {
            html += "&quot;"_L1;
        } else if (c == u'\n' || c == u'\r') {
            html += u' ';
        } else if (c.category() == QChar::Other_Control) {
            continue; // other control characters have no business in a one-line excerpt
        } else {
            html += c;
        }
    }
    if (open)
        html += "</b>"_L1;
    return html;
}

void SearchModel::setAccount(client::Account *account)
{
    beginResetModel();
    m_account = account;
    m_rows.clear();
    endResetModel();
    run();
    Q_EMIT countChanged();
}

void SearchModel::setQuery(const QString &query)
{
    if (m_query == query)
        return;
    m_query = query;
    Q_EMIT queryChanged();
    run();
}

void SearchModel::run()
{
    QList<SearchHit> hits;
    if (m_account && !m_query.trimmed().isEmpty()) {
        m_searching = true;
        Q_EMIT searchingChanged();
        hits = m_account->store()->search(m_query, kLimit);
        m_searching = false;
        Q_EMIT searchingChanged();
    }
    const qsizetype before = m_rows.size();
    syncRows(m_rows, hits, [](const SearchHit &hit) {
        return u"%1\n%2\n%3"_s.arg(int(hit.kind)).arg(hit.stream).arg(hit.seq);
    });
    if (m_rows.size() != before)
        Q_EMIT countChanged();
}

int SearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit &hit = m_rows.at(index.row());
    switch (role) {
    case KindRole:
        return kindName(hit.kind);
    case StreamRole:
        return hit.stream;
    case StreamNameRole:
        return streaminfo::displayName(hit.stream, m_account ? m_account->settings().username : QString());
    case SeqRole:
        return hit.seq;
    case SenderRole:
        return hit.sender;
    case TimeRole:
        return QDateTime::fromMSecsSinceEpoch(hit.ts).toLocalTime();
    case Qt::DisplayRole:
    case SnippetHtmlRole:
        return snippetToHtml(hit.snippet);
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const
{
    return {
        { KindRole, "kind" },
        { StreamRole, "stream" },
        { StreamNameRole, "streamName" },
        { SeqRole, "seq" },
        { SenderRole, "sender" },
        { TimeRole, "time" },
        { SnippetHtmlRole, "snippetHtml" },
    };
}

QVariantMap SearchModel::resultAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const SearchHit &hit = m_rows.at(row);
    return { { u"kind"_s, kindName(hit.kind) }, { u"stream"_s, hit.stream }, { u"seq"_s, hit.seq } };
}

} // namespace confab::app
