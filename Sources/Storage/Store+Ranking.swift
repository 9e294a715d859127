import CRanking
import GRDB

extension Store {
    /// Registers `folio_rank` (Sources/CRanking) on a new connection: the search's ranking.
    static func registerRanking(_ db: Database) throws {
        let code = folio_register_ranking(db.sqliteConnection)
        guard code == 0 else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register the folio_rank function")
        }
    }
}
