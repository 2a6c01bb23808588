#pragma once
// Typed, checked reads from a TOML table, for the twin's machine and calibration files.
// Every failure is an InputError of one line: "file:line: key: what is wrong".
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace exa {

/// Parses TOML text; a syntax error becomes "origin:line: syntax error: ...".
toml::table parse_toml(std::string_view text, const std::string& origin);

class TomlReader {
public:
    /// `path` is the table's dotted name for messages ("module.cpu"); `line` its line.
    TomlReader(const toml::table& table, std::string origin, std::string path, int line);
    /// The whole document.
    TomlReader(const toml::table& root, std::string origin);

    enum class Sign { any, non_negative, positive };

    double number(std::string_view key, Sign sign = Sign::positive) const;
    double number_or(std::string_view key, double fallback, Sign sign = Sign::non_negative) const;
    int integer(std::string_view key, int min = 1) const;
    int integer_or(std::string_view key, int fallback, int min = 0) const;
    std::string text(std::string_view key) const;
    std::string text_or(std::string_view key, std::string fallback) const;
    bool flag_or(std::string_view key, bool fallback) const;
    /// One of `choices`; the error lists them.
    std::string choice(std::string_view key, const std::vector<std::string>& choices) const;
    std::vector<double> numbers(std::string_view key, Sign sign = Sign::positive) const;
    /// A table of numbers, rows x cols, every entry positive.
    std::vector<std::vector<double>> grid(std::string_view key, std::size_t rows, std::size_t cols) const;

    bool has(std::string_view key) const { return table_.contains(key); }
    TomlReader table(std::string_view key) const;  ///< required sub-table
    /// The tables of an array of tables ([[key]]); at least one.
    std::vector<TomlReader> tables(std::string_view key) const;
    /// Refuses keys outside `known` (a misspelt key would otherwise be silently ignored).
    void only(const std::vector<std::string_view>& known) const;

    [[noreturn]] void fail(std::string_view key, const std::string& what) const;

private:
    const toml::node& need(std::string_view key) const;
    int line_of(std::string_view key) const;
    std::string name(std::string_view key) const;

    const toml::table& table_;
    std::string origin_, path_;
    int line_;
};

}  // namespace exa
