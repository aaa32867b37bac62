//! A stored dataset's columns read by name, whatever Arrow type its writer chose for the
//! documented one: text as `Utf8`, `LargeUtf8` or `Utf8View` (annals writes the first two,
//! DuckDB and polars may write any), lists as `List` or `LargeList`, numbers of any
//! integer width. A column that is missing or of another kind is an error naming it.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, TimeUnit};
use std::ops::Range;

/// A text column.
pub(super) enum Strings<'a> {
    Small(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Strings<'a> {
    fn of(array: &'a ArrayRef, name: &str) -> Result<Self, String> {
        Ok(match array.data_type() {
            DataType::Utf8 => Strings::Small(array.as_string::<i32>()),
            DataType::LargeUtf8 => Strings::Large(array.as_string::<i64>()),
            DataType::Utf8View => Strings::View(array.as_string_view()),
            other => return Err(format!("column '{name}' is {other}, not text")),
        })
    }

    /// Row `i`'s text; None when it is null.
    pub(super) fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Small(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// A column of whole numbers.
pub(super) struct Numbers<'a>(&'a ArrayRef);

/// A column of true and false.
pub(super) struct Flags<'a>(&'a ArrayRef);

impl Flags<'_> {
    /// Row `i`'s flag; false when it is null.
    pub(super) fn get(&self, i: usize) -> bool {
        self.known(i).unwrap_or(false)
    }

    /// Row `i`'s flag; None when it is null.
    pub(super) fn known(&self, i: usize) -> Option<bool> {
        let a = self.0;
        if a.is_null(i) {
            return None;
        }
        Some(match a.data_type() {
            DataType::Boolean => a.as_boolean().value(i),
            DataType::UInt8 => a.as_primitive::<arrow_array::types::UInt8Type>().value(i) != 0,
            DataType::Int8 => a.as_primitive::<arrow_array::types::Int8Type>().value(i) != 0,
            _ => false,
        })
    }
}

impl Numbers<'_> {
    /// Row `i`'s number; None when it is null or does not fit.
    pub(super) fn get(&self, i: usize) -> Option<u64> {
        let a = self.0;
        if a.is_null(i) {
            return None;
        }
        match a.data_type() {
            DataType::UInt64 => Some(a.as_primitive::<UInt64Type>().value(i)),
            DataType::UInt32 => Some(u64::from(a.as_primitive::<UInt32Type>().value(i))),
            DataType::Int64 => u64::try_from(a.as_primitive::<Int64Type>().value(i)).ok(),
            DataType::Int32 => u64::try_from(a.as_primitive::<Int32Type>().value(i)).ok(),
            _ => None,
        }
    }
}

/// A column of instants (any timestamp unit), read as seconds.
pub(super) struct Instants<'a> {
    array: &'a ArrayRef,
    per_second: i64,
}

impl<'a> Instants<'a> {
    /// `array` (timestamps of `per_second` units a second) as instants.
    pub(super) fn of(array: &'a ArrayRef, per_second: i64) -> Self {
        Instants { array, per_second }
    }

    /// Row `i`'s instant in whole seconds (rounded down); None when it is null.
    pub(super) fn get(&self, i: usize) -> Option<i64> {
        if self.array.is_null(i) {
            return None;
        }
        let a = self.array;
        let value = match self.per_second {
            1 => a.as_primitive::<TimestampSecondType>().value(i),
            1_000 => a.as_primitive::<TimestampMillisecondType>().value(i),
            1_000_000 => a.as_primitive::<TimestampMicrosecondType>().value(i),
            _ => a.as_primitive::<TimestampNanosecondType>().value(i),
        };
        Some(value.div_euclid(self.per_second))
    }
}

/// How many of a timestamp type's units make a second.
pub(super) fn per_second(data_type: &DataType) -> Option<i64> {
    match data_type {
        DataType::Timestamp(unit, _) => Some(match unit {
            TimeUnit::Second => 1,
            TimeUnit::Millisecond => 1_000,
            TimeUnit::Microsecond => 1_000_000,
            TimeUnit::Nanosecond => 1_000_000_000,
        }),
        _ => None,
    }
}

/// A list column: each row's items, a range of the values' rows.
pub(super) struct Lists<'a> {
    offsets: Offsets<'a>,
    values: &'a ArrayRef,
}

enum Offsets<'a> {
    Small(&'a [i32]),
    Large(&'a [i64]),
}

impl<'a> Lists<'a> {
    /// Row `i`'s items (none when the list is null).
    pub(super) fn range(&self, i: usize) -> Range<usize> {
        match self.offsets {
            Offsets::Small(o) => o[i] as usize..o[i + 1] as usize,
            Offsets::Large(o) => o[i] as usize..o[i + 1] as usize,
        }
    }

    /// The items as text (a list of strings).
    pub(super) fn strings(&self, name: &str) -> Result<Strings<'a>, String> {
        Strings::of(self.values, name)
    }

    /// The items' field `field`, when they are structs.
    pub(super) fn field(&self, list: &str, field: &str) -> Result<&'a ArrayRef, String> {
        let structs: &StructArray =
            self.values.as_struct_opt().ok_or_else(|| format!("column '{list}' is not a list of structs"))?;
        structs.column_by_name(field).ok_or_else(|| format!("the items of column '{list}' have no field '{field}'"))
    }

    /// The items' text field `field`.
    pub(super) fn text_field(&self, list: &str, field: &str) -> Result<Strings<'a>, String> {
        Strings::of(self.field(list, field)?, &format!("{list}.{field}"))
    }

    /// The items' number field `field`.
    pub(super) fn number_field(&self, list: &str, field: &str) -> Result<Numbers<'a>, String> {
        Ok(Numbers(self.field(list, field)?))
    }
}

/// The columns of one batch of rows, by name.
pub(super) struct Columns<'a>(pub(super) &'a RecordBatch);

impl<'a> Columns<'a> {
    fn column(&self, name: &str) -> Result<&'a ArrayRef, String> {
        self.0.column_by_name(name).ok_or_else(|| format!("no column '{name}'"))
    }

    /// A column that may be absent (a dataset written before it, or by another tool).
    pub(super) fn optional_text(&self, name: &str) -> Result<Option<Strings<'a>>, String> {
        self.0.column_by_name(name).map(|c| Strings::of(c, name)).transpose()
    }

    pub(super) fn text(&self, name: &str) -> Result<Strings<'a>, String> {
        Strings::of(self.column(name)?, name)
    }

    /// A timestamp column that may be absent.
    pub(super) fn optional_instants(&self, name: &str) -> Result<Option<Instants<'a>>, String> {
        let Some(array) = self.0.column_by_name(name) else { return Ok(None) };
        let per_second = per_second(array.data_type())
            .ok_or_else(|| format!("column '{name}' is {}, not a timestamp", array.data_type()))?;
        Ok(Some(Instants { array, per_second }))
    }

    /// A column of true and false that may be absent (a ClickHouse `Bool` arrives as
    /// Arrow's boolean, or as a number 0 or 1).
    pub(super) fn optional_flags(&self, name: &str) -> Result<Option<Flags<'a>>, String> {
        let Some(array) = self.0.column_by_name(name) else { return Ok(None) };
        match array.data_type() {
            DataType::Boolean | DataType::UInt8 | DataType::Int8 => Ok(Some(Flags(array))),
            other => Err(format!("column '{name}' is {other}, not true or false")),
        }
    }

    pub(super) fn numbers(&self, name: &str) -> Result<Numbers<'a>, String> {
        let column = self.column(name)?;
        match column.data_type() {
            DataType::UInt64 | DataType::UInt32 | DataType::Int64 | DataType::Int32 => Ok(Numbers(column)),
            other => Err(format!("column '{name}' is {other}, not a whole number")),
        }
    }

    /// A list column that may be absent.
    pub(super) fn optional_lists(&self, name: &str) -> Result<Option<Lists<'a>>, String> {
        match self.0.column_by_name(name) {
            Some(_) => self.lists(name).map(Some),
            None => Ok(None),
        }
    }

    pub(super) fn lists(&self, name: &str) -> Result<Lists<'a>, String> {
        let column = self.column(name)?;
        let (offsets, values) = match column.data_type() {
            DataType::List(_) => {
                let l = column.as_list::<i32>();
                (Offsets::Small(l.value_offsets()), l.values())
            }
            DataType::LargeList(_) => {
                let l = column.as_list::<i64>();
                (Offsets::Large(l.value_offsets()), l.values())
            }
            other => return Err(format!("column '{name}' is {other}, not a list")),
        };
        Ok(Lists { offsets, values })
    }
}
