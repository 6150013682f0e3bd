//! Company capex guidance in the CSV shape of scenarios/data/guidance_2026.csv (docs/data.md):
//! company,year,capex_low,capex_high,basis,date,source,quote. USD billions, as the history.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace capexsim {

//! What a guided capex number counts. Companies guide on different bases; the data's `capex` is
//! the first one, so any other must be converted before it is compared with the history.
enum class CapexBasis {
  purchases,       //!< "purchases of property and equipment": the cash-flow line (the data's basis)
  finance_leases,  //!< "including finance leases": purchases plus finance-lease principal
  net_of_proceeds,  //!< "cash capex net of proceeds": purchases less proceeds from sales and
                    //!< incentives
};

//! The basis as written in the file ("purchases of property and equipment", ...).
std::string_view basis_text(CapexBasis basis);

struct Guidance {
  std::string company;       //!< as written, e.g. "Meta"
  int year = 0;              //!< the calendar year guided
  double low = 0, high = 0;  //!< the range; a point guidance has low == high
  CapexBasis basis = CapexBasis::purchases;
  std::string date;  //!< when it was said, YYYY-MM-DD
  std::string source, quote;
  int line = 0;  //!< line in the file, for messages
};

struct GuidanceFile {
  std::string path;
  std::vector<Guidance> rows;  //!< in file order

  //! The guidance of (company, year), compared without case, if present.
  const Guidance* find(const std::string& company, int year) const;
};

//! Reads and validates a guidance file; throws InputError(file, line, column, message) on a
//! missing or unknown column, an empty or unknown basis (the message lists the allowed ones), a
//! missing, negative or non-finite bound, capex_low above capex_high, a bad year or date, an
//! empty source, a duplicate company-year, an unknown company (when `known_companies` is given).
GuidanceFile read_guidance(const std::string& path,
                           const std::vector<std::string>& known_companies = {});
//! The same from text in memory; `path` is used in messages.
GuidanceFile parse_guidance(std::string_view text, const std::string& path,
                            const std::vector<std::string>& known_companies = {});

}  // namespace capexsim
