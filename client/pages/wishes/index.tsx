import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { WishSort } from '../../../shared/constants';
import { FeedBar } from '../../components/FeedBar';
import { FilterSheet } from '../../components/FilterSheet';
import { activeFilterCount, NO_FILTERS, type WishFilters } from '../../utils/wish-filters';
import { WishFeed } from './wish-feed';
import './index.scss';

/** 心愿 tab: the donor feed of published wishes, with an order and filters. */
export default function WishesPage() {
  const [sort, setSort] = useState<WishSort>('urgent');
  const [filters, setFilters] = useState<WishFilters>(NO_FILTERS);
  const [sheetOpen, setSheetOpen] = useState(false);
  const filterCount = activeFilterCount(filters);

  return (
    <View className="wishes-page">
      <View className="wishes-page__intro">
        <Text className="wishes-page__headline">每一个小心愿，都在等一份善意</Text>
        <Text className="wishes-page__sub">
          紧急和等待最久的心愿排在前面。认领后按期兑现，由社工转交给孩子。
        </Text>
      </View>
      <FeedBar
        sort={sort}
        onSort={setSort}
        filterCount={filterCount}
        onOpenFilters={() => setSheetOpen(true)}
      />
      {filters.campaign && (
        <Text
          className="wishes-page__give"
          onClick={() => void Taro.navigateTo({ url: `/donor/donate/index?campaign=${filters.campaign}` })}
          data-testid="campaign-donate"
        >
          为这个活动捐款 ›
        </Text>
      )}
      {/* A new order or new filters start a new list from page 1 (and show the skeleton). */}
      <WishFeed
        key={`${sort}|${JSON.stringify(filters)}`}
        sort={sort}
        filters={filters}
        onClearFilters={filterCount ? () => setFilters(NO_FILTERS) : undefined}
      />
      {sheetOpen && (
        <FilterSheet
          value={filters}
          onClose={() => setSheetOpen(false)}
          onApply={(next) => {
            setSheetOpen(false);
            setFilters(next);
          }}
        />
      )}
    </View>
  );
}
